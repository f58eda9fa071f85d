import ChiSoCore
import ChiSoDemo
import Foundation
import Testing

@Suite struct DemoWriterTests {
    static func at(_ d: Int, _ h: Int, _ m: Int) -> Instant { Instant(local: date(2025, 8, d), hour: h, minute: m) }

    static let procedure = Procedure(
        code: "1.004258", name: "Đăng ký biến động quyền sử dụng đất", fieldCode: "DD", fieldName: "Đất đai", onlineLevel: .partial,
        resultDocumentRequired: true, feeBearing: true, statutoryTime: StatutoryTime(10, .workingDays), applicants: .both,
        unitCodes: ["000.00.21.H10"], unitKinds: [],
        publication: Publication(
            decisionDate: date(2025, 1, 2), effectiveDate: date(2025, 2, 1), publicizedDate: date(2025, 1, 6), contentComplete: true))

    static let dossier = Dossier(
        code: "000.00.21.H10-250804-0001", procedureCode: "1.004258", unitCode: "000.00.21.H10", channel: .online,
        applicant: .citizen, submittedAt: at(3, 21, 5), receivedAt: at(4, 8, 0), dueAt: at(18, 8, 0), state: .returned,
        processedAt: at(14, 10, 30), returnedAt: at(15, 9, 0),
        supplements: [
            SupplementRequest(requestedAt: at(5, 9, 0), suppliedAt: at(7, 14, 0), previousDueAt: at(18, 8, 0), newDueAt: at(20, 8, 0))
        ],
        fees: [Fee(code: "LP.1.004258", name: "Lệ phí", amount: 100_000)], payment: .nationalPortal,
        components: [
            Component(code: "1.004258.TP1", digitized: true, reused: true, fromDataStore: false),
            Component(code: "1.004258.TP2", digitized: false, reused: false, fromDataStore: true),
        ],
        results: [ResultDocument(name: "Kết quả: \"GCN\"", hasFile: true, syncedToDataStore: true)], hasDigitizedComponents: true,
        vneidAuthenticated: true, databasesConsulted: ["CSDLQGDC"], synced: false)

    @Test func dossierGolden() {
        let json = DemoWriter.dossierJSON(Self.dossier, procedure: Self.procedure)
        let expected = #"""
            {"MaHoSo":"000.00.21.H10-250804-0001","MaTTHC":"1.004258","TenTTHC":"Đăng ký biến động quyền sử dụng đất","MaLinhVuc":"DD","TenLinhVuc":"Đất đai","KenhThucHien":2,"ChuHoSo":"NAME","LoaiDoiTuong":1,"MaDoiTuong":"ID","Email":"EMAIL","SoDienThoai":"PHONE","TrichYeuHoSo":"Đăng ký biến động quyền sử dụng đất - NAME","NgayNopHoSo":"20250803210500","NgayTiepNhan":"20250804080000","NgayHenTra":"20250818080000","TrangThaiHoSo":10,"NgayTra":"20250815090000","NgayKetThucXuLy":"20250814103000","DonViXuLy":"000.00.21.H10","HinhThuc":1,"GhiChu":"","TaiLieuNop":[{"TenTepDinhKem":"1.004258.TP1.pdf","MaThanhPhanHoSo":"1.004258.TP1","DuongDanTaiTepTin":"/files/000.00.21.H10-250804-0001/1.pdf","DuocSoHoa":1,"DuocTaiSuDung":1,"DuocLayTuKhoDMQG":0},{"TenTepDinhKem":"1.004258.TP2.pdf","MaThanhPhanHoSo":"1.004258.TP2","DuongDanTaiTepTin":"/files/000.00.21.H10-250804-0001/2.pdf","DuocSoHoa":0,"DuocTaiSuDung":0,"DuocLayTuKhoDMQG":1}],"DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MaPhiLePhi":"LP.1.004258","HinhThucThu":2,"Gia":100000,"LoaiPhiLePhi":2}],"DanhSachHoSoBoSung":[{"NgayBoSung":"20250805090000","NgayTiepNhanBoSung":"20250807140000","NgayHenTraTruoc":"20250818080000","NgayHenTraMoi":"20250820080000","TrangThaiBoSung":1}],"DanhSachGiayToKetQua":[{"TenGiayTo":"Kết quả: \"GCN\"","MaThanhPhanHoSo":"KQ.1.004258.1","GiayToId":"GT-000.00.21.H10-250804-0001-1","DuongDanTepTinKetQua":"/files/000.00.21.H10-250804-0001/ketqua-1.pdf"}],"HoSoCoThanhPhanSoHoa":1,"DuocThanhToanTrucTuyen":1,"TaiKhoanDuocXacThucVoiVNeID":1,"DSKetNoiCSDL":[{"MaCSDL":"CSDLQGDC"}],"DaDongBo":0}
            """#
        // The applicant's details are invented from the code; take them from the output and check their shape.
        let name = field("ChuHoSo", in: json)
        let id = field("MaDoiTuong", in: json)
        let email = field("Email", in: json)
        let phone = field("SoDienThoai", in: json)
        #expect(name.split(separator: " ").count == 3)
        #expect(id.count == 12 && id.allSatisfy(\.isNumber))
        #expect(email.hasSuffix("@example.vn"))
        #expect(phone.count == 10 && phone.hasPrefix("09"))
        let filled = expected.replacing("\"NAME\"", with: "\"\(name)\"").replacing(" - NAME\"", with: " - \(name)\"")
            .replacing("\"ID\"", with: "\"\(id)\"").replacing("\"EMAIL\"", with: "\"\(email)\"")
            .replacing("\"PHONE\"", with: "\"\(phone)\"")
        #expect(json == filled)
        // Same input, same bytes.
        #expect(DemoWriter.dossierJSON(Self.dossier, procedure: Self.procedure) == json)
    }

    private func field(_ key: String, in json: String) -> String {
        guard let range = json.range(of: "\"\(key)\":\"") else { return "" }
        let rest = json[range.upperBound...]
        return String(rest.prefix { $0 != "\"" })
    }

    @Test func openDossierWritesEmptyDatesAndNoSyncFlag() {
        var d = Self.dossier
        d.state = .waitingForSupplement
        d.processedAt = nil
        d.returnedAt = nil
        d.results = []
        d.synced = true
        d.supplements = [SupplementRequest(requestedAt: Self.at(5, 9, 0), previousDueAt: Self.at(18, 8, 0))]
        let json = DemoWriter.dossierJSON(d, procedure: Self.procedure)
        #expect(json.contains(#""TrangThaiHoSo":5,"NgayTra":"","NgayKetThucXuLy":"","#))
        #expect(json.contains(#""NgayTiepNhanBoSung":"","NgayHenTraTruoc":"20250818080000","NgayHenTraMoi":"","TrangThaiBoSung":0"#))
        #expect(json.contains(#""DanhSachGiayToKetQua":[]"#))
        #expect(!json.contains("DaDongBo"))
        #expect(!json.contains("\n"))
    }

    @Test func statusCodesAreDVCQGs() {
        let codes: [(Dossier.State, Int)] = [
            (.registered, 1), (.received, 2), (.refused, 3), (.processing, 4), (.waitingForSupplement, 5), (.withdrawn, 7),
            (.stopped, 8), (.processed, 9), (.returned, 10), (.paused, 4),
        ]
        for (state, code) in codes { #expect(DemoWriter.dvcqgStatus(state) == code) }
    }

    @Test func csvGoldens() {
        let units = [
            Unit(code: "000.00.00.H10", name: "UBND tỉnh Phước An", kind: .province),
            Unit(
                code: "H10.31.01", name: "UBND xã An, \"Phú\"", kind: .commune, parentCode: "000.00.31.H10", validTo: date(2025, 6, 30),
                offersElectronicCertifiedCopy: true),
        ]
        #expect(
            DemoWriter.text { DemoWriter.writeUnits(units, to: $0) } == #"""
                code,name,kind,parent_code,valid_from,valid_to,e_certified_copy
                000.00.00.H10,UBND tỉnh Phước An,province,,,,0
                H10.31.01,"UBND xã An, ""Phú""",commune,000.00.31.H10,,2025-06-30,1

                """#)
        var procedure = Self.procedure
        procedure.unitCodes = ["H10.80.01", "H10.80.02"]
        procedure.unitKinds = [.district]
        #expect(
            DemoWriter.text { DemoWriter.writeProcedures([procedure], to: $0) } == #"""
                code,name,field_code,field_name,online_level,result_required,fee_bearing,statutory_time,statutory_unit,applicants,unit_codes,unit_kinds,decision_date,effective_date,publicized_date,content_complete,by_ministry
                1.004258,Đăng ký biến động quyền sử dụng đất,DD,Đất đai,partial,1,1,10,working_days,both,"H10.80.01;H10.80.02",district,2025-01-02,2025-02-01,2025-01-06,1,0

                """#)
        let petitions = [
            Petition(
                code: "PAKN.H10.2025.000001", unitCode: "H10.80.01", receivedAt: Self.at(4, 8, 0), resolvedAt: Self.at(6, 15, 0),
                rating: .unsatisfied, repeated: true, dossierCode: "H10.80.01-250804-0001"),
            Petition(code: "PAKN.H10.2025.000002", unitCode: "H10.80.01", receivedAt: Self.at(5, 9, 30)),
        ]
        #expect(
            DemoWriter.text { DemoWriter.writePetitions(petitions, to: $0) } == #"""
                code,unit_code,received_at,resolved_at,rating,repeated,dossier_code
                PAKN.H10.2025.000001,H10.80.01,20250804080000,20250806150000,unsatisfied,1,H10.80.01-250804-0001
                PAKN.H10.2025.000002,H10.80.01,20250805093000,,,0,

                """#)
        let ratings = [Rating(dossierCode: "H10.80.01-250804-0001", value: .verySatisfied, ratedAt: Self.at(6, 10, 0))]
        #expect(
            DemoWriter.text { DemoWriter.writeRatings(ratings, to: $0) } == #"""
                dossier_code,value,rated_at
                H10.80.01-250804-0001,very_satisfied,20250806100000

                """#)
        let targets = [
            Target(indicator: .dossierOnlinePayment, scope: .kind(.department), period: .year(2025), percent: 70, source: "127/QĐ-UBND"),
            Target(indicator: .eResult, scope: .all, period: .year(2025), percent: 92.5, source: "127/QĐ-UBND"),
            Target(indicator: .onlineDossier, scope: .unit("H10.80.01"), period: .year(2025), percent: 60),
        ]
        #expect(
            DemoWriter.text { DemoWriter.writeTargets(targets, to: $0) } == #"""
                indicator,applies_to,period,target_percent,source
                dossier_online_payment,department,2025,70,127/QĐ-UBND
                e_result,all,2025,92.5,127/QĐ-UBND
                online_dossier,H10.80.01,2025,60,

                """#)
    }

    @Test func sinkReceivesOneLinePerRecord() {
        let data = Fixtures.acrossMerger
        var lines = 0
        DemoWriter.writeDossiers(data.dossiers.prefix(50), procedures: data.procedures) { line in
            lines += 1
            #expect(line.hasSuffix("}\n") && line.hasPrefix("{\"MaHoSo\":"))
        }
        #expect(lines == 50)
    }
}
