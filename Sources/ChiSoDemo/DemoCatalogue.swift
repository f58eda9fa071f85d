import ChiSoCore

/// A procedure as the demo knows it, before it is attached to units.
struct ProcedureTemplate {
    var code: String
    var name: String
    var fieldCode: String
    var fieldName: String
    /// Statutory time in working days.
    var days: Int
    /// Fee in đồng; 0 when the procedure bears no fee.
    var fee: Int64
    var online: Procedure.OnlineLevel
    var applicants: Procedure.Applicants
    /// Relative volume of dossiers within its unit.
    var weight: Double
    var resultRequired: Bool = true

    var feeName: String {
        fieldCode == "CT" || fieldCode == "HT" || fieldCode == "DD" || fieldCode == "DKKD" ? "Lệ phí" : "Phí thẩm định"
    }
}

/// A department with the procedures it handles.
struct DepartmentTemplate {
    var number: Int
    var name: String
    var procedures: [ProcedureTemplate]
}

/// The fixed catalogue the demo draws from: real department names and procedures of a Vietnamese province.
enum DemoCatalogue {
    static let provinceCode = "H10"
    static let provinceName = "tỉnh Phước An"

    private static func p(
        _ code: String, _ name: String, _ fieldCode: String, _ fieldName: String, _ days: Int, _ fee: Int64,
        _ online: Procedure.OnlineLevel, _ applicants: Procedure.Applicants, _ weight: Double
    ) -> ProcedureTemplate {
        ProcedureTemplate(
            code: code, name: name, fieldCode: fieldCode, fieldName: fieldName, days: days, fee: fee, online: online,
            applicants: applicants, weight: weight)
    }

    /// The 18 departments (sở, ban, ngành), as in seed 000, busiest first for the small scale.
    static let departments: [DepartmentTemplate] = [
        DepartmentTemplate(
            number: 15, name: "Sở Tư pháp",
            procedures: [
                p(
                    "2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "LLTP",
                    "Lý lịch tư pháp", 10, 200_000, .full, .citizens, 30),
                p("2.000505", "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", "LLTP", "Lý lịch tư pháp", 10, 0, .partial, .both, 2),
                p("1.001877", "Đăng ký hành nghề và cấp Thẻ công chứng viên", "CC", "Công chứng", 10, 0, .full, .citizens, 0.5),
            ]),
        DepartmentTemplate(
            number: 21, name: "Sở Tài nguyên và Môi trường",
            procedures: [
                p(
                    "1.004258", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "DD", "Đất đai", 10, 100_000, .partial,
                    .both, 40),
                p(
                    "1.004221", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu đối với tổ chức", "DD", "Đất đai", 20, 500_000, .partial,
                    .businesses, 3),
                p("1.010727", "Thẩm định báo cáo đánh giá tác động môi trường", "MT", "Môi trường", 30, 6_500_000, .partial, .businesses, 0.5),
            ]),
        DepartmentTemplate(
            number: 13, name: "Sở Kế hoạch và Đầu tư",
            procedures: [
                p(
                    "2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "DKKD", "Thành lập và hoạt động của doanh nghiệp", 3, 50_000, .full,
                    .businesses, 6),
                p(
                    "2.002039", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "DKKD", "Thành lập và hoạt động của doanh nghiệp", 3, 50_000, .full,
                    .businesses, 10),
                p(
                    "1.009645", "Quyết định chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh", "DT", "Đầu tư tại Việt Nam", 35, 0, .partial,
                    .businesses, 0.3),
            ]),
        DepartmentTemplate(
            number: 24, name: "Sở Giao thông vận tải",
            procedures: [
                p("1.002804", "Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp", "DB", "Đường bộ", 5, 135_000, .full, .citizens, 40),
                p("1.002835", "Cấp phù hiệu xe ô tô kinh doanh vận tải", "DB", "Đường bộ", 2, 0, .full, .businesses, 10),
            ]),
        DepartmentTemplate(
            number: 3, name: "Sở Y tế",
            procedures: [
                p("1.001907", "Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "KCB", "Khám bệnh, chữa bệnh", 20, 360_000, .full, .citizens, 3),
                p("1.004616", "Cấp Chứng chỉ hành nghề dược", "D", "Dược phẩm", 20, 500_000, .full, .citizens, 2),
            ]),
        DepartmentTemplate(
            number: 14, name: "Sở Lao động, Thương binh và Xã hội",
            procedures: [
                p("1.001978", "Giải quyết hưởng trợ cấp thất nghiệp", "VL", "Việc làm", 20, 0, .partial, .citizens, 15),
                p(
                    "1.000414", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "VL", "Việc làm", 5, 600_000, .full,
                    .businesses, 3),
            ]),
        DepartmentTemplate(
            number: 11, name: "Sở Xây dựng",
            procedures: [
                p(
                    "1.009972", "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II", "XD", "Hoạt động xây dựng", 20, 150_000,
                    .full, .businesses, 1),
                p(
                    "1.009980", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "XD", "Hoạt động xây dựng", 20, 300_000, .full,
                    .citizens, 2),
            ]),
        DepartmentTemplate(
            number: 12, name: "Sở Giáo dục và Đào tạo",
            procedures: [
                p("1.005092", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "VBCC", "Văn bằng, chứng chỉ", 2, 0, .full, .citizens, 3),
                p("1.006389", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "VBCC", "Văn bằng, chứng chỉ", 5, 0, .partial, .citizens, 0.5),
            ]),
        DepartmentTemplate(
            number: 10, name: "Sở Công Thương",
            procedures: [
                p("2.000620", "Cấp Giấy phép bán buôn sản phẩm rượu", "LTHH", "Lưu thông hàng hóa trong nước", 10, 2_200_000, .full, .businesses, 1),
                p(
                    "2.000190", "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu", "KDXD", "Kinh doanh khí", 15, 1_200_000, .full,
                    .businesses, 0.6),
            ]),
        DepartmentTemplate(
            number: 5, name: "Sở Nông nghiệp và Phát triển Nông thôn",
            procedures: [
                p(
                    "1.003612", "Cấp Giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi địa bàn cấp tỉnh", "TY", "Thú y", 1, 30_000, .full, .both,
                    3),
                p(
                    "1.004363", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông, lâm, thủy sản", "ATTP",
                    "Quản lý chất lượng nông lâm sản và thủy sản", 15, 700_000, .partial, .businesses, 0.8),
            ]),
        DepartmentTemplate(
            number: 7, name: "Sở Thông tin và Truyền thông",
            procedures: [
                p("1.004566", "Cấp giấy phép xuất bản tài liệu không kinh doanh", "XB", "Xuất bản, In và Phát hành", 10, 0, .full, .both, 0.6)
            ]),
        DepartmentTemplate(
            number: 2, name: "Sở Văn hóa, Thể thao và Du lịch",
            procedures: [
                p("1.001029", "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", "VH", "Văn hóa cơ sở", 5, 3_000_000, .full, .businesses, 0.6),
                p(
                    "1.003718", "Công nhận hạng cơ sở lưu trú du lịch hạng 1 sao, 2 sao, 3 sao", "DL", "Du lịch", 30, 1_500_000, .partial,
                    .businesses, 0.3),
            ]),
        DepartmentTemplate(
            number: 6, name: "Sở Khoa học và Công nghệ",
            procedures: [
                p(
                    "1.005385", "Cấp giấy phép tiến hành công việc bức xạ sử dụng thiết bị X-quang chẩn đoán trong y tế", "ATBX",
                    "An toàn bức xạ và hạt nhân", 15, 2_000_000, .full, .businesses, 0.5)
            ]),
        DepartmentTemplate(
            number: 1, name: "Sở Ngoại vụ",
            procedures: [
                p(
                    "1.008827", "Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân tỉnh", "NV", "Ngoại vụ",
                    15, 0, .partial, .businesses, 0.2)
            ]),
        DepartmentTemplate(
            number: 16, name: "Ban Quản lý Khu Kinh tế",
            procedures: [
                p(
                    "1.009733", "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư", "DT",
                    "Đầu tư tại Việt Nam", 15, 0, .full, .businesses, 0.5),
                p(
                    "1.000459", "Cấp giấy phép lao động cho người nước ngoài làm việc tại khu kinh tế", "VL", "Việc làm", 5, 600_000, .full,
                    .businesses, 0.6),
            ]),
        DepartmentTemplate(
            number: 9, name: "Sở Nội vụ",
            procedures: [
                p("1.003822", "Công nhận ban vận động thành lập hội", "TCPCP", "Tổ chức phi chính phủ", 30, 0, .partial, .citizens, 0.2),
                p(
                    "1.000775", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh về thành tích thi đua theo đợt", "TDKT", "Thi đua, khen thưởng",
                    20, 0, .none, .both, 0.3),
            ]),
        DepartmentTemplate(
            number: 20, name: "Ban Dân tộc",
            procedures: [
                p("1.010941", "Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "CTDT", "Công tác dân tộc", 10, 0, .none, .citizens, 0.05)
            ]),
        DepartmentTemplate(
            number: 8, name: "Sở Tài chính",
            procedures: [
                p("1.005435", "Đăng ký mã số đơn vị có quan hệ với ngân sách", "TCNS", "Tài chính ngân sách", 2, 0, .full, .businesses, 0.1)
            ]),
    ]

    /// Procedures of the district level (UBND huyện), until 30 June 2025.
    static let districtProcedures: [ProcedureTemplate] = [
        p("1.004203", "Đăng ký biến động quyền sử dụng đất do chuyển nhượng, tặng cho, thừa kế", "DD", "Đất đai", 10, 100_000, .partial, .both, 25),
        p("1.004193", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân", "DD", "Đất đai", 20, 100_000, .partial, .citizens, 6),
        p("1.004222", "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "DD", "Đất đai", 3, 80_000, .full, .both, 15),
        p("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "XD", "Hoạt động xây dựng", 15, 75_000, .full, .citizens, 6),
        p("2.000720", "Đăng ký thành lập hộ kinh doanh", "DKKD", "Thành lập và hoạt động của hộ kinh doanh", 3, 100_000, .full, .citizens, 6),
        p(
            "1.001612", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "DKKD", "Thành lập và hoạt động của hộ kinh doanh", 3, 50_000, .full,
            .citizens, 3),
        p("1.001766", "Hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần", "NCC", "Người có công", 12, 0, .partial, .citizens, 1),
        p("2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu", "LTHH", "Lưu thông hàng hóa trong nước", 10, 1_200_000, .full, .businesses, 1),
    ]

    /// Procedures of every commune (UBND xã, phường, thị trấn).
    static let communeProcedures: [ProcedureTemplate] = [
        p("1.001193", "Đăng ký khai sinh", "HT", "Hộ tịch", 1, 0, .full, .citizens, 10),
        p("1.001022", "Đăng ký khai tử", "HT", "Hộ tịch", 1, 0, .full, .citizens, 3),
        p("1.000894", "Đăng ký kết hôn", "HT", "Hộ tịch", 3, 0, .full, .citizens, 3),
        p("1.004227", "Cấp bản sao trích lục hộ tịch", "HT", "Hộ tịch", 1, 8_000, .full, .citizens, 6),
        p("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "HT", "Hộ tịch", 3, 0, .full, .citizens, 5),
        p(
            "2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp", "CT", "Chứng thực", 1, 2_000, .partial,
            .both, 30),
        p("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "CT", "Chứng thực", 1, 10_000, .partial, .both, 6),
        p("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "CT", "Chứng thực", 2, 50_000, .none, .citizens, 2),
        p("2.000777", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "BTXH", "Bảo trợ xã hội", 7, 0, .partial, .citizens, 1),
    ]

    /// Procedures that moved to the communes on 1 July 2025, when the districts ceased.
    static let mergedCommuneProcedures: [ProcedureTemplate] = [
        p(
            "3.000186", "Đăng ký biến động quyền sử dụng đất do chuyển nhượng, tặng cho, thừa kế (cấp xã)", "DD", "Đất đai", 10, 100_000, .partial,
            .both, 12),
        p("3.000187", "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất (cấp xã)", "DD", "Đất đai", 3, 80_000, .full, .both, 7),
        p("3.000201", "Cấp giấy phép xây dựng nhà ở riêng lẻ (cấp xã)", "XD", "Hoạt động xây dựng", 15, 75_000, .full, .citizens, 3),
        p(
            "3.000215", "Đăng ký thành lập hộ kinh doanh (cấp xã)", "DKKD", "Thành lập và hoạt động của hộ kinh doanh", 3, 100_000, .full, .citizens,
            4),
    ]

    /// First syllables of place names.
    static let nameHeads = [
        "An", "Bình", "Phú", "Tân", "Phước", "Long", "Hòa", "Thạnh", "Thuận", "Đồng", "Minh", "Hưng", "Lộc", "Thành",
        "Đức", "Quang", "Vĩnh", "Xuân", "Nghĩa", "Trung", "Hiệp", "Thiện", "Đại", "Mỹ",
    ]
    /// Second syllables of place names.
    static let nameTails = [
        "An", "Bình", "Phú", "Lợi", "Hòa", "Thịnh", "Hưng", "Long", "Tiến", "Xuân", "Lộc", "Thành", "Đông", "Tây",
        "Nam", "Bắc", "Phát", "Khánh", "Điền", "Sơn", "Trạch", "Hội", "Quý", "Hạnh",
    ]

    /// Surnames, middle and given names for applicants.
    static let surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
    static let middleNames = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Hoài"]
    static let givenNames = [
        "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
        "Long", "Mai", "Nam", "Ngân", "Phong", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến",
    ]
    static let companyWords = [
        "Thành Công", "Phát Đạt", "Hưng Thịnh", "Minh Khang", "An Phú", "Đại Dương", "Sao Việt", "Hoàng Long", "Tân Tiến", "Gia Bảo",
    ]
    static let companyForms = ["Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân", "Công ty TNHH MTV"]
}
