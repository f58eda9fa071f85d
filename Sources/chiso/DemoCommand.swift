import ArgumentParser
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import ChiSoStore
import Foundation

/// `chiso demo`: generates a realistic demo province, writes it as the files `chiso import` reads, and
/// imports those files into the database through the same path as `chiso import`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Tạo dữ liệu mẫu của một tỉnh (đơn vị, TTHC, hồ sơ, PAKN, đánh giá, chỉ tiêu) cho N tháng đến hôm nay và nhập vào cơ sở dữ liệu.",
        discussion: """
            Dữ liệu được sinh tất định theo hạt giống (--seed) và ngày (--today): cùng tham số cho cùng dữ liệu. \
            Tháng hiện tại là kỳ đang mở: hồ sơ đến hôm nay, nhiều hồ sơ còn đang giải quyết. \
            Mặc định --scale province --months 3 (khoảng 65.000 hồ sơ mỗi tháng), chạy nhanh trên máy mới. \
            Các tệp được ghi vào thư mục --write-files (mặc định ./demo-data): hoso.jsonl (DVCQG DongBoHoSoMC), \
            donvi.csv, tthc.csv, pakn.csv, danhgia.csv, chitieu.csv, và cong-dvcqg/<tháng>/ (câu trả lời API đánh giá \
            của Cổng DVCQG cho mỗi tháng đã kết thúc, khác số liệu của tỉnh như thực tế: hồ sơ chưa đồng bộ, hồ sơ của \
            hệ thống bộ, ngành, một đơn vị không có trên Cổng); rồi được nhập vào cơ sở dữ liệu (--db), trừ khi có --no-import.
            """
    )

    @Option(help: "Số tháng đến tháng hiện tại (gồm cả tháng hiện tại).") var months = 3
    @Option(help: "Hạt giống sinh dữ liệu.") var seed: UInt64 = 766
    @Option(help: "Quy mô: small (~3.000 hồ sơ/tháng), province (~65.000), large (~250.000).") var scale = "province"
    @Option(help: "Ngày \"hôm nay\" dạng yyyy-MM-dd; mặc định ngày hiện tại (giờ Việt Nam).") var today: String?
    @Option(name: .customLong("write-files"), help: "Thư mục ghi các tệp dữ liệu.") var writeFiles = "demo-data"
    @Option(help: "Tệp lịch ngày làm việc (YAML); mặc định lịch chính thức kèm theo.") var calendar: String?
    @Flag(name: .customLong("no-import"), help: "Chỉ ghi tệp, không nhập vào cơ sở dữ liệu.") var noImport = false
    @Flag(help: "Không hiện dòng tiến độ khi nhập.") var quiet = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...120).contains(months) else { throw ValidationError("số tháng phải từ 1 đến 120: \(months)") }
        guard DemoScale(rawValue: scale) != nil else { throw ValidationError("quy mô không hợp lệ: \(scale) (small, province, large)") }
        if let today, LocalDate(iso: today) == nil { throw ValidationError("ngày không hợp lệ: \(today) (dạng yyyy-MM-dd)") }
    }

    func run() async throws {
        let day = today.flatMap { LocalDate(iso: $0) } ?? Instant.now.localDate
        let workCalendar = try calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        let options = DemoOptions(months: months, seed: seed, scale: DemoScale(rawValue: scale)!, today: day)
        let files = try DemoLoader.writeFiles(options: options, calendar: workCalendar, directory: writeFiles, report: { print($0) })
        guard !noImport else { return }
        let store = try await database.open()
        print("Nhập vào cơ sở dữ liệu \(database.location):")
        for line in try await DemoLoader.importFiles(files, into: store, quiet: quiet) { print("  \(line)") }
        print(
            "Văn bản của tỉnh mẫu dùng tệp thiết lập kèm theo \(ReportSettingsFile.demoExample): chiso report --type monthly-notice "
                + "--period yyyy-MM --out van-ban --settings \(ReportSettingsFile.demoExample)\(database.db.map { " --db \($0)" } ?? "")")
    }
}

/// The files of the demo: the records' files in import order, and the portal's answers of each closed month.
struct DemoFiles {
    var records: [String]
    var national: [NationalExport]

    /// One month's answers of the portal: a folder of answer files.
    struct NationalExport {
        var folder: String
        var period: Period
        var takenAt: Instant
    }
}

/// Generating the demo province and loading it into a store (shared by `chiso demo` and `chiso serve --demo`).
enum DemoLoader {
    /// Generates the province and writes its files in the formats `chiso import` reads.
    ///
    /// - Returns: the paths written, the records' in the order they must be imported (catalogue before dossiers).
    static func writeFiles(options: DemoOptions, calendar: WorkCalendar, directory: String, report: (String) -> Void) throws -> DemoFiles {
        let clock = ContinuousClock()
        let started = clock.now
        let data = DemoProvince.generate(options, calendar: calendar)
        let generated = clock.now - started
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        report(
            "Dữ liệu mẫu \(data.provinceName): \(options.months) tháng từ \(options.start.vietnamese) đến \(options.today.vietnamese), "
                + "hạt giống \(options.seed), quy mô \(options.scale.rawValue).")
        report("Thời gian sinh dữ liệu: \(generated.components.seconds * 1000 + generated.components.attoseconds / 1_000_000_000_000_000) ms.")
        let files: [(String, String, Int, (FileSink) throws -> Void)] = [
            ("donvi.csv", "đơn vị", data.units.count, { sink in try DemoWriter.writeUnits(data.units, to: sink.write) }),
            ("tthc.csv", "thủ tục hành chính", data.procedures.count, { sink in try DemoWriter.writeProcedures(data.procedures, to: sink.write) }),
            ("chitieu.csv", "chỉ tiêu", data.targets.count, { sink in try DemoWriter.writeTargets(data.targets, to: sink.write) }),
            (
                "hoso.jsonl", "hồ sơ", data.dossiers.count,
                { sink in try DemoWriter.writeDossiers(data.dossiers, procedures: data.procedures, to: sink.write) }
            ),
            // After the dossiers, so that each rating's facts are placed in its dossier's province (partition).
            ("pakn.csv", "phản ánh, kiến nghị", data.petitions.count, { sink in try DemoWriter.writePetitions(data.petitions, to: sink.write) }),
            ("danhgia.csv", "đánh giá hài lòng", data.ratings.count, { sink in try DemoWriter.writeRatings(data.ratings, to: sink.write) }),
        ]
        var paths: [String] = []
        for (name, label, count, write) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            let sink = try FileSink(path: path)
            try write(sink)
            try sink.close()
            report("  \(path): \(VietnameseCount.format(count)) \(label) (\(VietnameseCount.format(sink.bytesWritten / 1024)) KB)")
            paths.append(path)
        }
        let national = try writeNational(data, calendar: calendar, directory: directory, report: report)
        let open = data.dossiers.filter { !$0.state.isTerminal }.count
        let kinds = Dictionary(grouping: data.units, by: \.kind).mapValues(\.count)
        report(
            "Đơn vị: \(kinds[.department] ?? 0) sở, ban, ngành; \(kinds[.district] ?? 0) huyện; \(kinds[.commune] ?? 0) xã. "
                + "Hồ sơ đang giải quyết: \(VietnameseCount.format(open)).")
        return DemoFiles(records: paths, national: national)
    }

    /// Writes the portal's answers of each closed month in `cong-dvcqg/<yyyy-MM>/`.
    static func writeNational(_ data: DemoData, calendar: WorkCalendar, directory: String, report: (String) -> Void) throws -> [DemoFiles
        .NationalExport]
    {
        let methodology = try MethodologyFile.builtIn("qd766-2026")
        var exports: [DemoFiles.NationalExport] = []
        for export in DemoNational.exports(data, methodology: methodology, calendar: calendar) {
            let folder = ((directory as NSString).appendingPathComponent("cong-dvcqg") as NSString).appendingPathComponent(export.period.description)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in export.files {
                let path = (folder as NSString).appendingPathComponent(file.name)
                guard FileManager.default.createFile(atPath: path, contents: Data(file.text.utf8)) else {
                    throw ValidationError("không tạo được tệp \(path)")
                }
            }
            exports.append(DemoFiles.NationalExport(folder: folder, period: export.period, takenAt: export.takenAt))
        }
        if let first = exports.first, let last = exports.last {
            report(
                "  \((directory as NSString).appendingPathComponent("cong-dvcqg")): số liệu Cổng DVCQG của \(exports.count) tháng đã kết thúc "
                    + "(\(first.period.vietnameseName) – \(last.period.vietnameseName)), 7 câu trả lời API mỗi tháng")
        }
        return exports
    }

    /// Imports the files written by `writeFiles` through the import paths; returns one summary line per file or snapshot.
    /// A progress line per file on a terminal unless `quiet`.
    static func importFiles(_ files: DemoFiles, into store: any Store, quiet: Bool = false) async throws -> [String] {
        var lines: [String] = []
        for path in files.records {
            let kind = try ImportFormat.infer(path: path)
            let importer = FileImporter(store: store, batchSize: 20_000, printIssues: true, progress: .importing(path: path, quiet: quiet))
            lines.append(try await importer.run(path: path, kind: kind))
        }
        let importer = NationalImporter(store: store, provinceID: nil)
        for export in files.national {
            lines += try await importer.importFiles([export.folder], period: export.period, takenAt: export.takenAt, now: .now)
        }
        return lines
    }
}

/// Writes text to a file through a buffer, so a year of dossiers never sits in memory as text.
final class FileSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var bytesWritten = 0

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("không tạo được tệp \(path)")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}

/// Thousands separated by dots, as Vietnamese writes them (65.000).
enum VietnameseCount {
    static func format(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "." }
            out.append(c)
        }
        return out
    }
}
