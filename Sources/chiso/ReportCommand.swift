import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoReport
import ChiSoStore
import Foundation

/// `chiso report`: writes one of the official documents (DOCX, XLSX, HTML, PDF) for a period.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Xuất văn bản: thông báo tháng, công văn so sánh cùng kỳ, báo cáo chỉ tiêu giao, thông báo xếp loại, báo cáo đối chiếu.",
        discussion: """
            Ví dụ: chiso report --type monthly-notice --period 2026-08 --dossiers Examples/dossiers.jsonl \
            --units Examples/units.csv --procedures Examples/procedures.csv --out out --format docx,xlsx,html,pdf
            Xếp hạng toàn quốc của thông báo tháng lấy từ số liệu Cổng DVCQG đã nhập cho kỳ (chiso import --kind national, \
            chiso national fetch). Khi chưa có, có thể dùng tệp --national (CSV): rank,province,score,previous_score,previous_rank \
            (hai cột cuối có thể để trống).
            Báo cáo đối chiếu (--type reconciliation) đặt số liệu của Cổng bên cạnh số liệu của tỉnh theo từng đơn vị; \
            --snapshot N chọn bản trích xuất, --mapping FILE ghép đơn vị (CSV portal_id_or_code,unit_code).
            """
    )

    @OptionGroup var source: DataSourceOptions
    @Option(help: "Loại văn bản: monthly-notice, quarterly-comparison, targets, classification hoặc reconciliation.") var type: String
    @Option(help: "Thư mục ghi văn bản.") var out: String
    @Option(help: "Định dạng, cách nhau bởi dấu phẩy: docx, xlsx, html, pdf (pdf chuyển từ tệp docx bằng LibreOffice).") var format = "docx,xlsx,html"
    @Option(
        help: """
            Tệp thiết lập cơ quan ban hành, nơi nhận, người ký và các đoạn văn của từng loại văn bản (YAML), hoặc ví dụ kèm theo: \
            binh-phuoc, phuoc-an (tỉnh mẫu của chiso demo). Không có tệp: tên tỉnh lấy từ dữ liệu, nơi nhận và người ký theo mặc định \
            của từng loại văn bản.
            """)
    var settings: String?
    @Option(help: "Tệp xếp hạng toàn quốc (CSV rank,province,score,previous_score,previous_rank), khi chưa nhập số liệu Cổng DVCQG của kỳ.")
    var national: String?
    @Option(help: "Mã bản trích xuất số liệu Cổng DVCQG cho báo cáo đối chiếu (mặc định: bản hiện hành của kỳ).") var snapshot: Int64?
    @Option(help: "Tệp ghép đơn vị cho báo cáo đối chiếu (CSV portal_id_or_code,unit_code).") var mapping: String?
    @Option(help: "Số hồ sơ quá hạn tối thiểu để liệt kê đơn vị trong thông báo tháng (mặc định 3 hoặc theo tệp thiết lập).")
    var overdueThreshold: Int?
    @Option(help: "Số chữ số thập phân của tỷ lệ trong báo cáo chỉ tiêu (mặc định 0).") var rateDecimals = 0
    @Option(help: "Số văn bản (để trống nếu chưa vào sổ).") var number: String?
    @Option(help: "Ngày ban hành yyyy-MM-dd (để trống nếu chưa ký).") var date: String?
    @Flag(help: "Không hiện dòng tiến độ.") var quiet = false

    static let formats = ["docx", "xlsx", "html", "pdf"]
    static let reconciliationType = "reconciliation"

    var formatList: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard type == Self.reconciliationType || OfficialDocumentKind(rawValue: type) != nil else {
            let types = OfficialDocumentKind.allCases.map(\.rawValue) + [Self.reconciliationType]
            throw ValidationError("loại văn bản không hợp lệ: \(type) (\(types.joined(separator: ", ")))")
        }
        let formats = formatList
        guard !formats.isEmpty else { throw ValidationError("cần ít nhất một định dạng: docx, xlsx, html, pdf") }
        for f in formats where !Self.formats.contains(f) {
            throw ValidationError("định dạng không hợp lệ: \(f) (docx, xlsx, html, pdf)")
        }
        if let overdueThreshold, overdueThreshold < 1 { throw ValidationError("--overdue-threshold phải lớn hơn 0") }
        guard (0...4).contains(rateDecimals) else { throw ValidationError("--rate-decimals phải từ 0 đến 4") }
        if let date, LocalDate(iso: date) == nil { throw ValidationError("ngày không hợp lệ: \(date) (yyyy-MM-dd)") }
        if type == Self.reconciliationType {
            guard source.counts == nil else { throw ValidationError("báo cáo đối chiếu cần dữ liệu hồ sơ: dùng cơ sở dữ liệu hoặc --dossiers") }
            guard source.asOf == nil else { throw ValidationError("--as-of không dùng cho báo cáo đối chiếu: số liệu tính đến thời điểm trích xuất") }
        }
    }

    func run() async throws {
        let settings =
            try self.settings.map { (name: String) throws(DataFileError) in try ReportSettingsFile.resolve(name) }
            ?? ReportSettings.generic(province: "")
        try DocumentFiles.validate(settings)
        let composed: DocumentFiles.Composed
        if type == Self.reconciliationType {
            let reconciliation = try await NationalInputs.reconciliation(source: source, snapshot: snapshot, mapping: mapping)
            composed = DocumentFiles.composeReconciliation(
                reconciliation, settings: settings, number: number, date: date.flatMap { LocalDate(iso: $0) })
        } else {
            guard let kind = OfficialDocumentKind(rawValue: type) else { throw ValidationError("loại văn bản không hợp lệ: \(type)") }
            let loaded = try source.load()
            reportIssues(loaded.issues)
            let scoreboard = loaded.scoreboard()
            let sameLastYear = loaded.sameLastYear.map { Scoreboard(methodology: loaded.methodology, current: $0) }
            let nationalRanking = kind == .monthlyNotice ? try await nationalRanking(period: scoreboard.period) : nil
            composed = try DocumentFiles.compose(
                DocumentFiles.Request(
                    kind: kind, settings: settings, national: nationalRanking, overdueThreshold: overdueThreshold, rateDecimals: rateDecimals,
                    number: number, date: date.flatMap { LocalDate(iso: $0) }, dataFrom: loaded.dataFrom),
                scoreboard: scoreboard, sameLastYear: sameLastYear)
        }

        let directory = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("Không tạo được thư mục --out \(out): đường dẫn đã là một tệp, hoặc không có quyền ghi vào thư mục cha.")
        }
        let formats = formatList
        var written: [String] = []
        let progress = ProgressLine(
            "Ghi văn bản", unit: "tệp", totalItems: formats.count + (formats.contains("pdf") && !formats.contains("docx") ? 1 : 0), quiet: quiet)
        defer { progress.finish() }
        func write(_ format: DocumentFiles.Format) throws -> URL {
            let url = directory.appendingPathComponent("\(composed.stem).\(format.rawValue)")
            let bytes = try composed.bytes(format)
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw CommandFailure("Không ghi được tệp \(url.path): không có quyền ghi vào thư mục --out, hoặc ổ đĩa đã đầy.")
            }
            written.append(url.path)
            progress.advance(bytes: bytes.count)
            return url
        }
        var docx: URL?
        if formats.contains("docx") || formats.contains("pdf") { docx = try write(.docx) }
        if formats.contains("xlsx") { _ = try write(.xlsx) }
        if formats.contains("html") { _ = try write(.html) }
        var failure: String?
        if formats.contains("pdf"), let docx {
            do {
                let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin"
                let converter = try PDFConverter(searchPath: searchPath)
                let pdf = try converter.convert(docx, outputDirectory: directory)
                written.append(pdf.path)
                progress.advance()
                let problems = PDFFontCheck.problems(pdf: pdf, searchPath: searchPath)
                if !problems.isEmpty {
                    failure =
                        "Tệp PDF đã được ghi nhưng chữ tiếng Việt có thể hiển thị sai: \(problems.joined(separator: "; ")). "
                        + "Hãy cài phông Times New Roman hoặc Liberation Serif (apt-get install fonts-liberation2) rồi xuất lại."
                }
            } catch {
                failure = "Không tạo được tệp PDF: \(error). Các định dạng khác đã được ghi."
            }
        }
        progress.finish()
        for path in written { print(path) }
        if let failure {
            var err = StandardError()
            print(failure, to: &err)
            throw ExitCode(3)
        }
    }
}

extension ReportCommand {
    /// The national ranking of the monthly notice: the period's stored snapshot of the portal's `service-results`,
    /// else the `--national` file; nil (with a note) when there is neither.
    func nationalRanking(period: Period) async throws -> NationalRanking? {
        if national == nil, source.readsDatabase || Database.exists(db: source.db, postgres: source.postgres) {
            let store = try await Database.openExisting(db: source.db, postgres: source.postgres)
            if let stored = try await store.currentNationalSnapshot(period: period) {
                let previous = try await store.currentNationalSnapshot(period: period.previous)?.snapshot
                if let standing = NationalStanding(snapshot: stored.snapshot, previous: previous) { return NationalRanking(standing: standing) }
            }
        }
        if let national { return try NationalRankingFile.load(path: national) }
        var err = StandardError()
        print(
            "Lưu ý: chưa có số liệu xếp hạng của Cổng DVCQG cho kỳ (chiso import --kind national) và không có tệp --national; "
                + "thông báo ghi rõ số liệu xếp hạng toàn quốc không được cung cấp.", to: &err)
        return nil
    }
}

/// Reads the national ranking CSV (the fallback of the monthly notice when no snapshot of the portal was taken in): `rank,province,score,previous_score,previous_rank`.
enum NationalRankingFile {
    static func load(path: String) throws -> NationalRanking {
        var reader = CSVReader(source: try FileChunkSource(path: path), fileName: Inputs.name(path))
        let header = try reader.header().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let rankColumn = column("rank"), let provinceColumn = column("province"), let scoreColumn = column("score") else {
            throw ValidationError("\(Inputs.name(path)): cần các cột rank, province, score (và previous_score, previous_rank nếu có)")
        }
        let previousScoreColumn = column("previous_score")
        let previousRankColumn = column("previous_rank")
        var entries: [NationalRanking.Entry] = []
        while let result = try reader.next() {
            guard case .record(let row, let position) = result else {
                if let issue = result.issue { throw ValidationError("\(Inputs.name(path)): \(issue.message)") }
                continue
            }
            func cell(_ index: Int?) -> String? {
                guard let index, index < row.fields.count else { return nil }
                let text = row.fields[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            func number(_ text: String?) -> Double? { text.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) } }
            guard let rank = cell(rankColumn).flatMap({ Int($0) }), let province = cell(provinceColumn), let score = number(cell(scoreColumn)) else {
                throw ValidationError("\(Inputs.name(path)), \(position): cần rank (số nguyên), province và score (số)")
            }
            entries.append(
                NationalRanking.Entry(
                    province: province, score: score, previousScore: number(cell(previousScoreColumn)), rank: rank,
                    previousRank: cell(previousRankColumn).flatMap { Int($0) }))
        }
        return NationalRanking(entries: entries)
    }
}
