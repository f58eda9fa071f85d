import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation

/// `chiso import FILE...`: reads files into the database, streaming, in batches of one transaction each.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Nhập tệp dữ liệu vào cơ sở dữ liệu (đơn vị, TTHC, hồ sơ, tiến độ xử lý, PAKN, đánh giá, chỉ tiêu, số liệu Cổng DVCQG).",
        discussion: """
            Loại tệp được nhận biết theo phần mở rộng và dòng tiêu đề khi không chỉ rõ --kind: .json/.jsonl là hồ sơ \
            DongBoHoSoMC (hoặc tiến độ CapNhatTienDoHoSoMC nếu bản ghi có ThoiDiemXuLy mà không có NgayTiepNhan), \
            .csv theo các cột của dòng tiêu đề. Nhập lại cùng dữ liệu không thay đổi gì; bản ghi lỗi được đưa vào \
            khu cách ly kèm lý do. Dùng - thay cho tên tệp để đọc từ đầu vào chuẩn (cần --kind).

            --kind national: câu trả lời API đánh giá của Cổng DVCQG (mỗi tệp một câu trả lời, mảng JSON hoặc JSON \
            lines, cả thư mục hoặc tệp ZIP; cần --period vì câu trả lời không ghi kỳ) hoặc bảng số liệu CSV/XLSX của \
            Cổng cũ (kỳ đọc từ cột Kỳ). Thời điểm xuất lấy từ tệp nếu có, nếu không từ --taken-at, nếu không là thời \
            điểm nhập (dòng tóm tắt ghi rõ). Mỗi lần nhập là một bản số liệu; bản chưa đủ 6 nhóm không thay thế bản đủ.
            """
    )

    @Argument(help: "Các tệp cần nhập (- là đầu vào chuẩn).") var files: [String]
    @Option(help: "Loại dữ liệu: units, procedures, dossiers, steps, petitions, ratings, targets hoặc national.") var kind: String?
    @Option(help: "Kỳ của số liệu Cổng DVCQG (2026-08, 2026-Q3, 2026); bắt buộc với câu trả lời API.") var period: String?
    @Option(name: .customLong("taken-at"), help: "Thời điểm xuất số liệu Cổng khi tệp không ghi (yyyy-MM-dd HH:mm).") var takenAt: String?
    @Option(help: "Mã định danh của tỉnh trên Cổng DVCQG (rootDepartmentId), hoặc mã/tên tỉnh trong bảng số liệu.") var province: String?
    @OptionGroup var database: DatabaseOptions
    @Option(
        help: "Hồ sơ ánh xạ cột cho tệp hồ sơ CSV/XLSX có tiêu đề tiếng Việt: tên hồ sơ kèm theo (mot-cua-pho-bien) hoặc đường dẫn tệp YAML.")
    var profile: String?
    @Option(help: "Số bản ghi mỗi giao dịch.") var batchSize = 20_000
    @Flag(help: "Không in từng bản ghi bị cách ly, không hiện dòng tiến độ.") var quiet = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("cần ít nhất một tệp") }
        if let kind, RecordKind(rawValue: kind) == nil {
            throw ValidationError("loại dữ liệu không hợp lệ: \(kind) (units, procedures, dossiers, steps, petitions, ratings, targets, national)")
        }
        if let period, Period(period) == nil { throw ValidationError("kỳ không hợp lệ: \(period) (ví dụ 2026-08, 2026-Q3, 2026)") }
        if let takenAt, Instant(argument: takenAt) == nil {
            throw ValidationError("thời điểm xuất không hợp lệ: \(takenAt) (yyyy-MM-dd HH:mm hoặc yyyy-MM-dd)")
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size phải lớn hơn 0") }
        if files.contains("-"), kind == nil { throw ValidationError("đọc từ đầu vào chuẩn (-) cần --kind để biết loại dữ liệu") }
    }

    func run() async throws {
        let store = try await database.open()
        // Imports whose process died (killed mid-way) no longer show as running.
        _ = try await store.interruptAbandonedImports(at: .now, isAlive: ProcessOwner.isAlive)
        let profile = try self.profile.map { (name: String) throws(DataFileError) in try TabularProfile.resolve(name) }
        var failures: [String] = []
        var national: [String] = []
        for path in files {
            do {
                let kind = try self.kind.flatMap(RecordKind.init(rawValue:)) ?? ImportFormat.infer(path: path, profile: profile)
                if kind == .national {
                    national.append(path)
                    continue
                }
                let importer = FileImporter(
                    store: store, batchSize: batchSize, printIssues: !quiet, profile: profile, progress: .importing(path: path, quiet: quiet))
                let summary = try await importer.run(path: path, kind: kind)
                print(summary)
            } catch {
                var err = StandardError()
                print("Lỗi: \(error)", to: &err)
                failures.append(path)
            }
        }
        if !national.isEmpty {
            do {
                // The answers given together are one export: one snapshot.
                let importer = NationalImporter(store: store, provinceID: province, printIssues: !quiet)
                let lines = try await importer.importFiles(
                    national, period: period.flatMap(Period.init), takenAt: takenAt.flatMap(Instant.init(argument:)), now: .now)
                for line in lines { print(line) }
            } catch {
                var err = StandardError()
                print("Lỗi: \(error)", to: &err)
                failures += national
            }
        }
        if !failures.isEmpty {
            throw CommandFailure("không đọc được \(failures.count) tệp: \(failures.joined(separator: ", "))")
        }
    }
}

extension IngestOutcome {
    /// Whether the record was quarantined or refused.
    var isRejection: Bool {
        switch self {
        case .quarantined, .refused: return true
        case .accepted, .updated, .unchanged, .superseded: return false
        }
    }
}

extension RecordKind {
    /// The Vietnamese name of the kind, for summaries.
    var vietnamese: String {
        switch self {
        case .units: return "đơn vị"
        case .procedures: return "thủ tục hành chính"
        case .dossiers: return "hồ sơ"
        case .steps: return "tiến độ xử lý"
        case .petitions: return "phản ánh, kiến nghị"
        case .ratings: return "đánh giá"
        case .targets: return "chỉ tiêu"
        case .national: return "số liệu Cổng DVCQG"
        }
    }
}

/// The file formats `chiso import` reads, and how a file's kind is recognised.
///
/// A new format (XLSX, a column-mapping profile) adds a case to ``open(path:kind:)`` returning a
/// ``RecordStream`` of the same records; inference and ingestion stay as they are.
enum ImportFormat {
    /// The kind of a file from its extension and first bytes; a spreadsheet export read through a profile
    /// (given, or recognised from its header) holds dossiers.
    static func infer(path: String, profile: TabularProfile? = nil) throws -> RecordKind {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let name = Inputs.name(path)
        if TabularImport.format(ofPath: path) == .xlsx {
            if let file = try? NationalInputFile.files(atPath: path).first, NationalTableReader.looksLikeTable(file) { return .national }
            return .dossiers
        }
        switch ext {
        case "zip": return .national
        case "json", "jsonl", "ndjson":
            let head = try peek(path)
            // The portal's evaluation answers: {"code": "OK", "data": {...}} with its rows.
            if head.contains("\"code\""), head.contains("\"data\""), !head.contains("\"MaHoSo\""),
                ["\"overview\"", "\"parent\"", "\"evaluation\"", "\"children\"", "\"groupScores\""].contains(where: head.contains)
            {
                return .national
            }
            // Steps carry ThoiDiemXuLy and none of the dossier's own fields.
            if head.contains("\"ThoiDiemXuLy\""), !head.contains("\"NgayTiepNhan\""), !head.contains("\"MaTTHC\"") { return .steps }
            return .dossiers
        case "csv":
            let head = try peek(path)
            let firstLine = head.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let columns = Set(
                firstLine.replacing("\u{FEFF}", with: "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
                })
            if columns.isSuperset(of: ["indicator", "applies_to", "period", "target_percent"]) { return .targets }
            if columns.isSuperset(of: ["dossier_code", "value"]) { return .ratings }
            if columns.isSuperset(of: ["code", "unit_code", "received_at"]) { return .petitions }
            if columns.isSuperset(of: ["code", "name", "online_level"]) { return .procedures }
            if columns.isSuperset(of: ["code", "name", "kind"]) { return .units }
            if NationalTableReader.looksLikeTable(NationalInputFile(name: name, bytes: Array(head.utf8))) { return .national }
            if try profile != nil || TabularImport.detectProfile(path: path) != nil { return .dossiers }
            throw CommandFailure(
                "\(name): không nhận ra loại tệp CSV từ dòng tiêu đề (\(firstLine.prefix(120))); dùng --kind để chỉ rõ")
        default:
            throw CommandFailure("\(name): không nhận ra loại tệp (phần mở rộng .\(ext)); hỗ trợ .json, .jsonl, .csv, .xlsx, hoặc dùng --kind")
        }
    }

    /// The first 64 KiB of a file as text.
    static func peek(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError.cannotOpen(file: Inputs.name(path), reason: "không tồn tại hoặc không có quyền đọc")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A streaming reader of the file's records.
    ///
    /// Dossiers come from DVCQG JSON, or from a CSV/XLSX export through a column-mapping profile (the one given,
    /// or the built-in profile whose columns the file's header has).
    static func open(path: String, kind: RecordKind, profile: TabularProfile? = nil) throws(IngestError) -> RecordStream {
        let name = Inputs.name(path)
        if kind == .dossiers, TabularImport.isSpreadsheet(path: path) {
            let chosen: TabularProfile?
            if let profile { chosen = profile } else { chosen = try TabularImport.detectProfile(path: path) }
            guard let profile = chosen else {
                throw IngestError.cannotOpen(
                    file: name, reason: "không có hồ sơ ánh xạ cột nào khớp dòng tiêu đề; dùng --profile để chỉ rõ")
            }
            return .dossiers(try TabularImport.dossierReader(path: path, profile: profile))
        }
        let source = try FileChunkSource(path: path)
        switch kind {
        case .dossiers:
            let reader = DVCQGDossierReader(source: source, fileName: name)
            return .dossiers(AnyRecordReader(reader, fileName: name))
        case .steps:
            let reader = DVCQGStepReader(source: source, fileName: name)
            return .steps(AnyRecordReader(reader, fileName: name))
        case .units:
            let reader = try CSVRecordReader(units: source, fileName: name)
            return .units(AnyRecordReader(reader, fileName: name))
        case .procedures:
            let reader = try CSVRecordReader(procedures: source, fileName: name)
            return .procedures(AnyRecordReader(reader, fileName: name))
        case .petitions:
            let reader = try CSVRecordReader(petitions: source, fileName: name)
            return .petitions(AnyRecordReader(reader, fileName: name))
        case .ratings:
            let reader = try CSVRecordReader(ratings: source, fileName: name)
            return .ratings(AnyRecordReader(reader, fileName: name))
        case .targets:
            let reader = try CSVRecordReader(targets: source, fileName: name)
            return .targets(AnyRecordReader(reader, fileName: name))
        case .national:
            throw IngestError.cannotOpen(file: name, reason: "số liệu Cổng DVCQG được nhập qua NationalImporter")
        }
    }
}

/// The next result of a streaming reader, whatever the file format.
/// An opened file's records, by kind.
enum RecordStream {
    case units(AnyRecordReader<ChiSoCore.Unit>)
    case procedures(AnyRecordReader<Procedure>)
    case dossiers(AnyRecordReader<Dossier>)
    case steps(AnyRecordReader<ProcessingStep>)
    case petitions(AnyRecordReader<Petition>)
    case ratings(AnyRecordReader<Rating>)
    case targets(AnyRecordReader<Target>)
}

extension ReadResult {
    func map<T>(_ transform: (Record) -> T) -> ReadResult<T> {
        switch self {
        case .record(let r, let position): return .record(transform(r), position: position)
        case .issue(let issue): return .issue(issue)
        }
    }
}

extension QuarantinedRecord {
    init(_ issue: IngestIssue) {
        self.init(fileName: issue.fileName, recordNumber: issue.recordNumber, line: issue.line, rawText: issue.rawRecord, reason: issue.message)
    }
}

/// Imports one file: reads it in batches, ingests each batch in one transaction, logs the import.
struct FileImporter {
    let store: any Store
    let batchSize: Int
    let printIssues: Bool
    /// The column-mapping profile for spreadsheet exports of dossiers, if given.
    var profile: TabularProfile? = nil
    /// The progress line on a terminal, if any.
    var progress: ProgressLine? = nil

    /// Imports the file and returns its summary line.
    func run(path: String, kind: RecordKind) async throws -> String {
        let name = Inputs.name(path)
        defer { progress?.finish() }
        let stream = try ImportFormat.open(path: path, kind: kind, profile: profile)
            .reporting(to: progress, bytes: TabularImport.format(ofPath: path) != .xlsx)
        let id = try await store.beginImport(file: path, kind: kind, at: .now, owner: ProcessOwner.current)
        let counts: Tally
        do {
            switch stream {
            case .units(let next):
                // One transaction for the whole catalogue: a child may come before its parent anywhere in the file.
                counts = try await pump(next, file: name, path: path, kind: kind, id: id, batchSize: .max) { b throws(StoreError) in
                    try await store.ingest(units: b)
                }
            case .procedures(let next):
                counts = try await pump(next, file: name, path: path, kind: kind, id: id) { b throws(StoreError) in
                    try await store.ingest(procedures: b)
                }
            case .dossiers(let next):
                // Encoding and judging the next batch overlap the writing of the previous one.
                counts = try await pump(
                    next, file: name, path: path, kind: kind, id: id, prepare: { b throws(StoreError) in try await store.prepare(dossiers: b) },
                    ingest: { p throws(StoreError) in try await store.ingest(prepared: p) })
            case .steps(let next):
                counts = try await pump(next, file: name, path: path, kind: kind, id: id) { b throws(StoreError) in try await store.ingest(steps: b) }
            case .petitions(let next):
                counts = try await pump(next, file: name, path: path, kind: kind, id: id) { b throws(StoreError) in
                    try await store.ingest(petitions: b)
                }
            case .ratings(let next):
                counts = try await pump(next, file: name, path: path, kind: kind, id: id) { b throws(StoreError) in try await store.ingest(ratings: b)
                }
            case .targets(let next):
                counts = try await pump(next, file: name, path: path, kind: kind, id: id) { b throws(StoreError) in try await store.ingest(targets: b)
                }
            }
        } catch {
            try? await store.finishImport(id, status: .failed, at: .now)
            throw error
        }
        try await store.finishImport(id, status: .completed, at: .now)
        return "\(name) (\(kind.vietnamese)): \(counts.counts.vietnamese)\(counts.warningsText)"
    }

    /// The counts of an import and its data-quality warnings.
    struct Tally {
        var counts = IngestCounts()
        /// Stored dossiers whose unit is not in the catalogue.
        var held = 0
        /// Stored dossiers whose deadline is before their reception.
        var deadlineBeforeReception = 0

        mutating func add<Record>(_ result: IngestResult<Record>) {
            counts += result.counts
            for warning in result.warnings.values.joined() {
                switch warning {
                case .unknownUnit: held += 1
                case .deadlineBeforeReception: deadlineBeforeReception += 1
                }
            }
        }

        /// The warnings for the summary line, empty when none.
        var warningsText: String {
            var parts: [String] = []
            if held > 0 { parts.append("\(held) hồ sơ của đơn vị chưa có trong danh mục (đang giữ, chưa được tính)") }
            if deadlineBeforeReception > 0 { parts.append("\(deadlineBeforeReception) hồ sơ có hạn trả trước ngày tiếp nhận") }
            return parts.isEmpty ? "" : "; cảnh báo: " + parts.joined(separator: ", ") + " (xem chiso quality)"
        }
    }

    /// Reads batches until the end of the input, ingesting each.
    ///
    /// A two-stage pipeline: reading (parsing) and preparing the next batch overlap with the writing of the previous
    /// one, in a child task: memory holds at most two batches, and each batch is still one transaction, committed in
    /// file order.
    private func pump<Record: Sendable>(
        _ next: AnyRecordReader<Record>, file: String, path: String, kind: RecordKind, id: ImportID, batchSize: Int? = nil,
        ingest: @escaping @Sendable (IngestBatch<Record>) async throws(StoreError) -> IngestResult<Record>
    ) async throws -> Tally {
        try await pump(
            next, file: file, path: path, kind: kind, id: id, batchSize: batchSize, prepare: { $0 }, ingest: ingest)
    }

    /// ``pump(_:file:path:kind:id:batchSize:ingest:)`` with a stage that prepares each batch (`prepare`) with its reading,
    /// before it is written (`ingest`).
    private func pump<Record: Sendable, Prepared: Sendable>(
        _ next: AnyRecordReader<Record>, file: String, path: String, kind: RecordKind, id: ImportID, batchSize: Int? = nil,
        prepare: (IngestBatch<Record>) async throws(StoreError) -> Prepared,
        ingest: @escaping @Sendable (Prepared) async throws(StoreError) -> IngestResult<Record>
    ) async throws -> Tally {
        let batchSize = batchSize ?? self.batchSize
        var results = next.makeAsyncIterator()
        func readAndPrepare() async throws -> (Prepared, [IngestIssue])? {
            let read = try await results.next(batchOf: batchSize)
            guard let (batch, issues) = self.batch(read, file: file, path: path, kind: kind, id: id) else { return nil }
            return (try await prepare(batch), issues)
        }
        var total = Tally()
        var pending = try await readAndPrepare()
        while let (batch, issues) = pending {
            try Task.checkCancellation()
            async let written = ingest(batch)
            // A read failure waits for the batch before it to be committed, as without the overlap.
            let following: Result<(Prepared, [IngestIssue])?, any Error>
            do {
                following = .success(try await readAndPrepare())
            } catch {
                following = .failure(error)
            }
            let result = try await written
            total.add(result)
            pending = try following.get()
            if printIssues {
                var err = StandardError()
                // The record lines go on lines of their own, not after the progress line.
                if !issues.isEmpty || result.outcomes.contains(where: \.isRejection) { progress?.finish() }
                for issue in issues { print("  cách ly: \(issue.message)", to: &err) }
                for outcome in result.outcomes {
                    switch outcome {
                    case .quarantined(let reason): print("  cách ly: \(reason)", to: &err)
                    case .refused(let reason): print("  từ chối: \(reason)", to: &err)
                    case .accepted, .updated, .unchanged, .superseded: break
                    }
                }
            }
        }
        return total
    }

    /// A batch of records and unreadable records, in one transaction; nil at the end of the input.
    private func batch<Record: Sendable>(
        _ results: [ReadResult<Record>], file: String, path: String, kind: RecordKind, id: ImportID
    ) -> (IngestBatch<Record>, [IngestIssue])? {
        var records: [Sourced<Record>] = []
        records.reserveCapacity(results.count)
        var issues: [IngestIssue] = []
        for result in results {
            switch result {
            case .record(let record, let position):
                records.append(Sourced(record, origin: RecordOrigin(fileName: file, recordNumber: position.recordNumber, line: position.line)))
            case .issue(let issue): issues.append(issue)
            }
        }
        if records.isEmpty && issues.isEmpty { return nil }
        // The quarantine is keyed by the file's full path; the audit line goes with each batch's data.
        let batch = IngestBatch(
            records: records, quarantine: issues.map(QuarantinedRecord.init), importID: id, at: .now, inputKey: path,
            audit: IngestAudit(actor: "cli", action: "import.\(kind.rawValue)", input: "tệp \(path), lần nhập \(id)"))
        return (batch, issues)
    }
}
