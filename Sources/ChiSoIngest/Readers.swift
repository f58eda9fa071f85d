public import ChiSoCore

/// Whole-file conveniences over the streaming readers, for the command line: each reads a file by path and
/// returns the good records and the issues, in file order.
public enum Readers {
    /// The records and the issues read from one file.
    public typealias Outcome<Record> = (records: [Record], issues: [IngestIssue])

    /// Reads DVCQG `DongBoHoSoMC` dossiers (JSON array or JSON lines).
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - statusMapping: the source's status codes.
    ///   - synced: whether the file is what was synced to the national portal.
    /// - Throws: ``IngestError`` when the file cannot be read or is not JSON.
    public static func dossiers(
        atPath path: String, statusMapping: StatusMapping = .dvcqg, synced: Bool = true
    ) throws(IngestError) -> Outcome<Dossier> {
        var reader = DVCQGDossierReader(
            source: try FileChunkSource(path: path), fileName: fileName(ofPath: path), statusMapping: statusMapping, synced: synced)
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Reads DVCQG `CapNhatTienDoHoSoMC` processing steps (JSON array or JSON lines).
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or is not JSON.
    public static func steps(atPath path: String) throws(IngestError) -> Outcome<ProcessingStep> {
        var reader = DVCQGStepReader(source: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Reads a units CSV file (see ``CSVRecordReader/init(units:fileName:)``).
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks a required column.
    public static func units(atPath path: String) throws(IngestError) -> Outcome<Unit> {
        var reader = try CSVRecordReader(units: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Reads a procedures CSV file (see ``CSVRecordReader/init(procedures:fileName:)``).
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks a required column.
    public static func procedures(atPath path: String) throws(IngestError) -> Outcome<Procedure> {
        var reader = try CSVRecordReader(procedures: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Reads a petitions CSV file (see ``CSVRecordReader/init(petitions:fileName:)``).
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks a required column.
    public static func petitions(atPath path: String) throws(IngestError) -> Outcome<Petition> {
        var reader = try CSVRecordReader(petitions: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Reads a ratings CSV file (see ``CSVRecordReader/init(ratings:fileName:)``).
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks a required column.
    public static func ratings(atPath path: String) throws(IngestError) -> Outcome<Rating> {
        var reader = try CSVRecordReader(ratings: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Reads a unit-level counts CSV file (see ``CSVRecordReader/init(counts:fileName:)``).
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks a required column.
    public static func counts(atPath path: String) throws(IngestError) -> Outcome<CountRow> {
        var reader = try CSVRecordReader(counts: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
        return try drain { () throws(IngestError) in try reader.next() }
    }

    /// Collects every result of a reader.
    public static func drain<Record>(
        _ next: () throws(IngestError) -> ReadResult<Record>?
    ) throws(IngestError) -> Outcome<Record> {
        var records: [Record] = []
        var issues: [IngestIssue] = []
        while let result = try next() {
            switch result {
            case .record(let record, _): records.append(record)
            case .issue(let issue): issues.append(issue)
            }
        }
        return (records, issues)
    }
}
