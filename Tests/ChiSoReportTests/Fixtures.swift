import ChiSoCore
import ChiSoReport
import Foundation

/// Sample tables and documents shaped like the seed documents.
enum Fixtures {
    /// The processing table of the monthly notice: 11 columns, three header rows with merges both ways.
    static let processing = ReportTable(
        title: "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TTHC THEO ĐƠN VỊ",
        sheetName: "Giải quyết TTHC",
        columns: [
            .init(width: 0.6), .init(width: 3.2), .init(width: 1), .init(width: 1), .init(width: 1), .init(width: 1),
            .init(width: 1), .init(width: 1), .init(width: 1), .init(width: 1), .init(width: 1),
        ],
        headerRows: [
            [
                .init("STT", rowspan: 3), .init("Đơn vị giải quyết TTHC", rowspan: 3),
                .init("Số hồ sơ nhận giải quyết", colspan: 3), .init("Kết quả giải quyết", colspan: 6),
            ],
            [
                .init("Tổng số", rowspan: 2), .init("Trong đó", colspan: 2),
                .init("Số hồ sơ đã giải quyết", colspan: 3), .init("Số hồ sơ đang giải quyết", colspan: 3),
            ],
            [
                "Số kỳ trước chuyển qua", "Số mới tiếp nhận", "Tổng số", "Đúng và trước hạn", "Quá hạn", "Tổng số",
                "Chưa đến hạn", "Quá hạn",
            ],
        ],
        rows: [
            ReportRow([.text("Tổng", colspan: 2, alignment: .center), 67140, 20692, 46448, 46183, 46045, 138, 20611, 20596, 15], bold: true),
            ReportRow([1, "Sở Y tế - tỉnh Bình Phước", 1200, 200, 1000, 1100, 1090, 10, 100, 97, 3]),
            ReportRow([2, "Ban Dân tộc - tỉnh Bình Phước", .integer(nil), 0, 0, 0, 0, 0, 0, 0, 0]),
        ]
    )

    /// A ranking table with rates and points.
    static let ranking = ReportTable(
        sheetName: "Xếp hạng sở, ngành",
        columns: [.init(width: 0.6), .init(width: 4), .init(width: 1.2), .init(width: 1.2)],
        headerRows: [["STT", "ĐƠN VỊ", "TỶ LỆ %", "ĐIỂM ĐÁNH GIÁ"]],
        rows: [
            ReportRow([1, "Sở Ngoại vụ", .percent(ofHundred: 64.67), .decimal(85.05)]),
            ReportRow([2, "Sở Văn hóa, Thể thao và Du lịch \"VHTTDL\"", .percent(0.9107), .decimal(91.07)]),
            ReportRow([3, "Ban Dân tộc", .null, .decimal(nil)]),
        ]
    )

    static let issuer = IssuerSettings(
        parentBody: "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
        office: "VĂN PHÒNG",
        officeAbbreviation: "VPUBND",
        officeShortName: "Văn phòng UBND tỉnh",
        place: "Bình Phước",
        date: LocalDate(year: 2024, month: 8, day: 5),
        recipients: ["CT, các PCT UBND tỉnh", "Các sở, ban, ngành", "Lưu: VT, P. KSTTHC"],
        signerAuthority: ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
        signerName: "Nguyễn Văn A"
    )

    static let notice = GovernmentDocument(
        kind: .notice,
        titleLines: [
            "Về chỉ số chỉ đạo, điều hành và đánh giá chất lượng",
            "phục vụ người dân, doanh nghiệp trong thực hiện TTHC",
            "cung cấp Dịch vụ công tháng 7/2024",
        ],
        body: [
            .paragraph(.body("Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ.")),
            .heading(ReportHeading("I. Các chỉ tiêu báo cáo theo Quyết định số 766/QĐ-TTg")),
            .paragraph(
                .body(runs: [
                    ReportRun("Tính đến tháng 7/2024, tỉnh Bình Phước đạt "),
                    ReportRun(VietnameseNumber.format(85.05, places: 2) + "/100", bold: true),
                    ReportRun(" điểm."),
                ])
            ),
            .table(ranking),
        ],
        appendices: [Appendix(title: "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TTHC", tables: [processing])]
    )

    static var noticeDocument: ReportDocument { notice.reportDocument(issuer: issuer) }
}

/// Runs an external program and captures its output.
enum ExternalProcess {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self)
        )
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension String {
    /// Number of non-overlapping occurrences of `needle`.
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
