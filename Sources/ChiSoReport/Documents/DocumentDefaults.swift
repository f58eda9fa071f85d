public import ChiSoCore

/// What one document type's settings change of the office's issuer (all optional).
public struct IssuerOverrides: Sendable, Hashable {
    /// The parent body; "" for none.
    public var parentBody: String?
    /// The issuing body.
    public var office: String?
    /// The symbol after the number.
    public var officeAbbreviation: String?
    /// The "Nơi nhận" entries.
    public var recipients: [String]?
    /// The signer's authority lines.
    public var signerAuthority: [String]?
    /// The signer's name.
    public var signerName: String?

    /// Creates overrides.
    public init(
        parentBody: String? = nil, office: String? = nil, officeAbbreviation: String? = nil, recipients: [String]? = nil,
        signerAuthority: [String]? = nil, signerName: String? = nil
    ) {
        self.parentBody = parentBody
        self.office = office
        self.officeAbbreviation = officeAbbreviation
        self.recipients = recipients
        self.signerAuthority = signerAuthority
        self.signerName = signerName
    }
}

extension Scoreboard {
    /// Whether the period has the district level of government: periods starting before 1 July 2025, when
    /// districts were abolished. Later documents neither address nor send to districts.
    public var hasDistrictLevel: Bool { (period.start.year, period.start.month) < (2025, 7) }
}

extension OfficialDocumentKind {
    /// Whether the provincial People's Committee issues the document: the comparison letter is a directive
    /// (seed 001: "ỦY BAN NHÂN DÂN TỈNH …", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"); the office issues the others.
    public var issuedByPeoplesCommittee: Bool { self == .quarterlyComparison }

    /// The signer's authority as the seeds show it: the chairman's deputy for the directive, the chief of
    /// office for the targets report (seed 002), the deputy chief of office for the notices (seeds 000, 004).
    public var defaultSignerAuthority: [String] {
        switch self {
        case .quarterlyComparison: return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        case .targets: return ["CHÁNH VĂN PHÒNG"]
        case .monthlyNotice, .classification: return ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
        }
    }

    /// Generic "Nơi nhận" entries of the type (before "- Như trên;", which is added for letters with "Kính gửi").
    public func defaultRecipients(districts: Bool) -> [String] {
        let local = districts ? "UBND các huyện, thị xã, thành phố" : "UBND các xã, phường, đặc khu"
        switch self {
        case .monthlyNotice: return ["CT, các PCT UBND tỉnh", "Các sở, ban, ngành", local, "LĐVP", "Lưu: VT"]
        case .quarterlyComparison: return ["CT, các PCT UBND tỉnh", "LĐVP", "Lưu: VT"]
        case .targets: return ["CT, các PCT UBND tỉnh (b/c)", "Các sở, ban, ngành tỉnh", local, "LĐVP", "Lưu: VT"]
        case .classification:
            return ["Chủ tịch UBND tỉnh (báo cáo)", "Chánh, Phó Văn phòng UBND tỉnh", "Cổng Thông tin điện tử tỉnh (thực hiện)", "Lưu: VT"]
        }
    }

    /// The issuer of a document of this type: the office's settings, with what the type's own settings change,
    /// the type's built-in signer and recipients where neither gives them, "- Như trên;" first in "Nơi nhận"
    /// when the document has "Kính gửi" (and never otherwise), and no district-level recipient for periods
    /// from 1 July 2025.
    ///
    /// - Parameters:
    ///   - office: The office's issuer (its recipients and signer apply to the office's documents when set).
    ///   - overrides: The type's own settings.
    ///   - province: The province's name, for the People's Committee's own letters.
    ///   - addressed: Whether the document has "Kính gửi".
    ///   - districts: Whether the period has the district level (``Scoreboard/hasDistrictLevel``).
    public func issuer(office: IssuerSettings, overrides: IssuerOverrides, province: String, addressed: Bool, districts: Bool) -> IssuerSettings {
        var issuer = office
        let committee = issuedByPeoplesCommittee
        if committee {
            issuer.parentBody = ""
            issuer.office = "ỦY BAN NHÂN DÂN TỈNH \(province.uppercased())"
            issuer.officeAbbreviation = "UBND-KSTTHC"
            issuer.officeShortName = "UBND tỉnh"
            issuer.recipients = []
            issuer.signerAuthority = []
            issuer.signerName = nil
        }
        if let value = overrides.parentBody { issuer.parentBody = value }
        if let value = overrides.office { issuer.office = value }
        if let value = overrides.officeAbbreviation { issuer.officeAbbreviation = value }
        if let value = overrides.signerAuthority { issuer.signerAuthority = value }
        if let value = overrides.signerName { issuer.signerName = value }
        if issuer.signerAuthority.isEmpty { issuer.signerAuthority = defaultSignerAuthority }
        var recipients = overrides.recipients ?? (issuer.recipients.isEmpty ? defaultRecipients(districts: districts) : issuer.recipients)
        recipients.removeAll { Self.isSameAsAbove($0) || (!districts && Self.namesDistricts($0)) }
        issuer.recipients = (addressed ? ["Như trên"] : []) + recipients
        return issuer
    }

    static func isSameAsAbove(_ entry: String) -> Bool {
        String(entry.lowercased().filter { !" -;.".contains($0) }) == "nhưtrên"
    }

    /// An entry addressed to the district level ("UBND các huyện, thị xã, thành phố", "Chủ tịch UBND cấp huyện").
    static func namesDistricts(_ entry: String) -> Bool {
        let lower = entry.lowercased()
        return lower.contains("huyện") || lower.contains("thị xã")
    }

    /// The built-in closing paragraphs of the type, following the seeds (000: the request and the notice;
    /// 001: tasks 1–5; 002: the recommendation; 004: recommendations a–f), with placeholders; a clause naming
    /// units or indicators is left out when the placeholder's value (``DocumentText/values(scoreboard:options:)``)
    /// names none.
    public func defaultParagraphs(districts: Bool, values: [String: String] = [:]) -> [String] {
        func names(_ key: String) -> Bool { values[key].map { $0 != DocumentText.none } ?? true }
        let lost = names("chi_so_mat_diem_nhieu_nhat")
        let missed = names("don_vi_chua_dat_chi_tieu")
        let lowest = names("don_vi_duoi_nguong")
        let heads =
            districts
            ? "Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các huyện, thị xã, thành phố"
            : "Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường"
        let local = districts ? "UBND cấp huyện (chỉ đạo UBND cấp xã)" : "UBND cấp xã"
        switch self {
        case .monthlyNotice:
            return [
                "{co_quan} đề nghị các cơ quan, đơn vị và địa phương tiến hành kiểm tra, đánh giá, phân tích các chỉ số của đơn vị để có "
                    + "giải pháp chỉ đạo khắc phục\(lost ? ", nhất là các chỉ số {chi_so_mat_diem_nhieu_nhat}" : ""); đồng thời thường xuyên kiểm tra, "
                    + "đôn đốc việc triển khai và kiểm soát tiến độ thực hiện các chỉ tiêu được giao. Trường hợp số liệu trên hệ thống "
                    + "của tỉnh chưa đồng bộ với số liệu của Cổng Dịch vụ công quốc gia, đề nghị cơ quan, đơn vị có văn bản gửi "
                    + "{co_quan} để tổng hợp, xử lý.",
                "{co_quan} thông báo đến các sở, ngành, địa phương có liên quan được biết và phối hợp thực hiện./.",
            ]
        case .quarterlyComparison:
            return [
                "Để kịp thời chấn chỉnh, khắc phục các chỉ số còn thấp\(lost ? " ({chi_so_mat_diem_nhieu_nhat})" : ""); đồng thời tiếp tục nâng cao các "
                    + "chỉ số đạt mức khá, tốt, Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành và địa phương tiếp tục đẩy mạnh công tác "
                    + "cải cách thủ tục hành chính gắn với chuyển đổi số, trong đó tập trung các nhiệm vụ sau:",
                "1. Tăng cường tuyên truyền về ý nghĩa, vai trò, hiệu quả và các tiện ích của dịch vụ công trực tuyến, thanh toán trực "
                    + "tuyến; đổi mới nội dung và hình thức tuyên truyền phù hợp với từng đối tượng để người dân, doanh nghiệp hiểu rõ "
                    + "lợi ích, từ đó thay đổi thói quen sử dụng.",
                "2. Chỉ đạo cán bộ, công chức, viên chức tại Bộ phận tiếp nhận và trả kết quả các cấp tích cực hướng dẫn người dân "
                    + "nộp hồ sơ và thanh toán trực tuyến trên Hệ thống thông tin giải quyết TTHC của tỉnh.",
                "3. Rà soát các TTHC có phí, lệ phí để cập nhật trên Cổng Dịch vụ công của tỉnh đồng bộ với Cổng Dịch vụ công quốc gia; "
                    + "thực hiện số hóa hồ sơ, kết quả giải quyết TTHC theo đúng quy định; khai thác, sử dụng lại dữ liệu đã số hóa.",
                "4. \(heads) chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết quả thực hiện các chỉ tiêu được giao"
                    + (missed ? "; các đơn vị chưa đạt chỉ tiêu ({don_vi_chua_dat_chi_tieu}) khẩn trương có giải pháp khắc phục." : "."),
                "5. Giao Văn phòng UBND tỉnh tiếp tục theo dõi, kiểm tra, đôn đốc và định kỳ hằng tháng báo cáo kết quả thực hiện về "
                    + "UBND tỉnh để có chỉ đạo kịp thời.",
                "UBND tỉnh yêu cầu thủ trưởng các sở, ban, ngành và Chủ tịch UBND \(districts ? "các huyện, thị xã, thành phố" : "các xã, phường") "
                    + "khẩn trương tổ chức triển khai thực hiện./.",
            ]
        case .targets:
            return [
                "Đề nghị các cơ quan, đơn vị, địa phương quyết liệt tổ chức thực hiện và thường xuyên theo dõi, đôn đốc {so_chi_tieu} "
                    + "chỉ tiêu thuộc Bộ chỉ số phục vụ người dân, doanh nghiệp đã được Chủ tịch Ủy ban nhân dân tỉnh giao"
                    + (missed ? ", nhất là các đơn vị chưa đạt chỉ tiêu ({don_vi_chua_dat_chi_tieu})." : "."),
                "{co_quan} trân trọng báo cáo để các cơ quan, đơn vị, địa phương được biết, tổ chức thực hiện có hiệu quả./.",
            ]
        case .classification:
            return [
                "Trên cơ sở kết quả xếp loại, đánh giá chất lượng giải quyết TTHC {ky}, {co_quan} đề nghị:",
                "a) Các sở, ban, ngành tỉnh thường xuyên rà soát, tham mưu Chủ tịch UBND tỉnh công bố TTHC đúng hạn, đầy đủ thông tin "
                    + "về các bộ phận tạo thành TTHC.",
                "b) Các sở, ban, ngành tỉnh, \(local) rà soát danh sách hồ sơ xử lý quá hạn trên Hệ thống thông tin giải quyết TTHC "
                    + "của tỉnh, xử lý dứt điểm và cập nhật tiến trình giải quyết đồng bộ lên Cổng Dịch vụ công quốc gia"
                    + (lowest ? "; các đơn vị xếp loại thấp nhất ({don_vi_duoi_nguong}) phân tích nguyên nhân và có giải pháp khắc phục." : "."),
                (lost ? "c) Đối với các chỉ số {chi_so_mat_diem_nhieu_nhat}: các cơ quan, đơn vị" : "c) Các cơ quan, đơn vị")
                    + " có giải pháp tuyên truyền, hỗ trợ người dân, "
                    + "doanh nghiệp thực hiện TTHC trên môi trường điện tử, góp phần nâng cao chỉ số của tỉnh.",
                "d) Các sở, ban, ngành và \(districts ? "UBND các huyện, thị xã, thành phố" : "UBND các xã, phường") công khai kết quả đánh "
                    + "giá chất lượng phục vụ người dân, doanh nghiệp trên Cổng thông tin điện tử của đơn vị.",
                "đ) Cổng Thông tin điện tử tỉnh công khai kết quả đánh giá chung của tỉnh để tổ chức, cá nhân theo dõi, giám sát.",
                "{co_quan} trân trọng thông báo công khai kết quả xếp loại, đánh giá chất lượng giải quyết TTHC {ky} đến các cơ quan, "
                    + "địa phương biết để phát huy những kết quả đạt được và khắc phục những tiêu chí đạt tỷ lệ thấp./.",
            ]
        }
    }
}
