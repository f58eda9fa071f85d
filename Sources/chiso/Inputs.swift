import ChiSoCore
import ChiSoIngest
import Foundation

/// Records read from one kind of file, with the issues of the records that could not be read.
struct Loaded<Record> {
    var records: [Record] = []
    var issues: [IngestIssue] = []
}

/// Reading the input files of a command; issues are collected, never fatal.
enum Inputs {
    /// Drains a streaming reader into memory.
    static func drain<Record>(_ next: () throws(IngestError) -> ReadResult<Record>?) throws(IngestError) -> Loaded<Record> {
        var loaded = Loaded<Record>()
        while let result = try next() {
            switch result {
            case .record(let record, _): loaded.records.append(record)
            case .issue(let issue): loaded.issues.append(issue)
            }
        }
        return loaded
    }

    static func name(_ path: String) -> String { path == "-" ? "đầu vào chuẩn" : URL(fileURLWithPath: path).lastPathComponent }

    static func dossiers(_ paths: [String]) throws(IngestError) -> Loaded<Dossier> {
        var all = Loaded<Dossier>()
        for path in paths {
            var reader = DVCQGDossierReader(source: try FileChunkSource(path: path), fileName: name(path))
            let loaded = try drain { () throws(IngestError) in try reader.next() }
            all.records += loaded.records
            all.issues += loaded.issues
        }
        return all
    }

    static func units(_ path: String) throws(IngestError) -> Loaded<ChiSoCore.Unit> {
        var reader = try CSVRecordReader(units: try FileChunkSource(path: path), fileName: name(path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    static func procedures(_ path: String) throws(IngestError) -> Loaded<Procedure> {
        var reader = try CSVRecordReader(procedures: try FileChunkSource(path: path), fileName: name(path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    static func petitions(_ path: String?) throws(IngestError) -> Loaded<Petition> {
        guard let path else { return Loaded() }
        var reader = try CSVRecordReader(petitions: try FileChunkSource(path: path), fileName: name(path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    static func ratings(_ path: String?) throws(IngestError) -> Loaded<Rating> {
        guard let path else { return Loaded() }
        var reader = try CSVRecordReader(ratings: try FileChunkSource(path: path), fileName: name(path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    static func counts(_ path: String) throws(IngestError) -> Loaded<CountRow> {
        var reader = try CSVRecordReader(counts: try FileChunkSource(path: path), fileName: name(path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// A targets file path, or the name of a shipped example.
    static func targets(_ pathOrExample: String?) throws(IngestError) -> Loaded<Target> {
        guard let pathOrExample else { return Loaded() }
        let path = TargetsFile.examplePath(pathOrExample) ?? pathOrExample
        var reader = try CSVRecordReader(targets: try FileChunkSource(path: path), fileName: name(path))
        return try drain { () throws(IngestError) in try reader.next() }
    }
}

/// Writes to standard error.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

/// Lists rejected records on standard error, each with its reason.
func reportIssues(_ issues: [IngestIssue]) {
    guard !issues.isEmpty else { return }
    var err = StandardError()
    print("Có \(issues.count) bản ghi bị từ chối:", to: &err)
    for issue in issues { print("  - \(issue.message)", to: &err) }
}

extension Instant {
    /// The current instant, from the system clock (only the command line reads clocks).
    static var now: Instant { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }

    /// Parses `--as-of`: `yyyy-MM-dd` (end of that day), `yyyy-MM-dd HH:mm[:ss]`, `yyyy-MM-ddTHH:mm[:ss]` or `yyyyMMddHHmmss`.
    init?(argument text: String) {
        if let date = LocalDate(iso: text) {
            self = Instant(local: date.adding(days: 1)).adding(seconds: -1)
            return
        }
        if let i = Instant(dvcqg: text) {
            self = i
            return
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2, let date = LocalDate(iso: parts[0]) else { return nil }
        let hms = parts[1].split(separator: ":").map { Int($0) }
        guard (2...3).contains(hms.count), hms.allSatisfy({ $0 != nil }) else { return nil }
        let h = hms[0]!, m = hms[1]!, s = hms.count == 3 ? hms[2]! : 0
        guard h < 24, m < 60, s < 60 else { return nil }
        self = Instant(local: date, hour: h, minute: m, second: s)
    }
}
