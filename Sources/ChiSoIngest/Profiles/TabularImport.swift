public import ChiSoCore

/// Reading dossiers from spreadsheet exports (CSV or XLSX with Vietnamese headers) through a column-mapping
/// profile: the entry point of `chiso import --profile P`.
///
/// ```swift
/// let profile = try TabularProfile.resolve(option)               // built-in id or path; DataFileError
/// var reader = try TabularImport.dossierReader(path: path, profile: profile)   // IngestError
/// while let result = try reader.next() {
///     switch result {
///     case .record(let dossier, let position): ...               // store it
///     case .issue(let issue): ...                                // quarantine, print issue.message
///     }
/// }
/// ```
///
/// Without `--profile`, ``detectProfile(path:candidates:)`` picks the built-in profile whose required columns the
/// file's header has (``isSpreadsheet(path:)`` tells a spreadsheet from a DVCQG JSON file).
public enum TabularImport {
    /// The kind of a spreadsheet file.
    public enum Format: Hashable, Sendable {
        case csv, xlsx
    }

    /// The spreadsheet format of a path by its extension (`.csv`, `.xlsx`/`.xlsm`, any case); nil for others
    /// (`.json`, `.jsonl`...).
    public static func format(ofPath path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return .xlsx }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
        return nil
    }

    /// Whether a path names a spreadsheet (CSV or XLSX) by its extension.
    public static func isSpreadsheet(path: String) -> Bool { format(ofPath: path) != nil }

    /// A streaming dossier reader over a CSV or XLSX file (by extension; other extensions are read as CSV).
    ///
    /// The XLSX worksheet is the profile's `sheet`, or `sheet` when given, or the first one. Memory holds one row
    /// (and, for XLSX, the shared strings): the sheet is scanned row by row as `next()` is called.
    ///
    /// - Throws: ``IngestError`` when the file cannot be opened, is not a workbook, lacks the sheet, has no
    ///   header, or lacks a required column (the error lists the missing and found columns).
    public static func dossierReader(path: String, profile: TabularProfile, sheet: String? = nil) throws(IngestError)
        -> AnyRecordReader<Dossier>
    {
        let name = fileName(ofPath: path)
        switch format(ofPath: path) ?? .csv {
        case .xlsx:
            let rows = try XLSXReader(path: path, sheet: sheet ?? profile.sheet)
            var reader = try TabularDossierReader(rows: rows, profile: profile)
            return AnyRecordReader(fileName: name) { () throws(IngestError) in try reader.next() }
        case .csv:
            let rows = CSVReader(source: try FileChunkSource(path: path), fileName: name)
            var reader = try TabularDossierReader(rows: rows, profile: profile)
            return AnyRecordReader(fileName: name) { () throws(IngestError) in try reader.next() }
        }
    }

    /// Reads a whole spreadsheet: the dossiers and the issues, in file order.
    ///
    /// - Throws: ``IngestError`` as ``dossierReader(path:profile:sheet:)``.
    public static func dossiers(path: String, profile: TabularProfile, sheet: String? = nil) throws(IngestError)
        -> Readers.Outcome<Dossier>
    {
        var reader = try dossierReader(path: path, profile: profile, sheet: sheet)
        return try Readers.drain { () throws(IngestError) in try reader.next() }
    }

    /// The first of `candidates` (the built-in profiles when nil) whose required columns the file's header has,
    /// or nil when none fits. For XLSX files, the first 20 rows of the profile's sheet are searched for the header.
    ///
    /// - Throws: ``IngestError`` when the file cannot be read; `DataFileError` cannot occur for built-ins but
    ///   would surface as nil.
    public static func detectProfile(path: String, candidates: [TabularProfile]? = nil) throws(IngestError) -> TabularProfile? {
        let profiles = candidates ?? ((try? TabularProfile.builtIns()) ?? [])
        for profile in profiles {
            let header: [String]
            switch format(ofPath: path) ?? .csv {
            case .xlsx:
                var rows = try XLSXReader(path: path, sheet: profile.sheet)
                header = try rows.header(searchLimit: 20) { profile.matches(header: $0) }
            case .csv:
                var rows = CSVReader(source: try FileChunkSource(path: path), fileName: fileName(ofPath: path))
                header = try rows.header()
            }
            if profile.matches(header: header) { return profile }
        }
        return nil
    }
}
