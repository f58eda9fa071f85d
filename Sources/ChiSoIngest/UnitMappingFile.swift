import ChiSoCore

/// One row of a unit mapping file: a portal unit (its id or code) and the ChiSo unit it stands for.
public struct UnitMappingRow: Hashable, Sendable {
    public var portalKey: String
    public var unitCode: String

    public init(portalKey: String, unitCode: String) {
        self.portalKey = portalKey
        self.unitCode = unitCode
    }
}

extension CSVRecordReader where Record == UnitMappingRow {
    /// A reader of a unit mapping file (DOMAIN §7.1): columns `portal_id_or_code` (the portal's `departmentId`
    /// or `departmentCode`) and `unit_code` (the province's unit code).
    public init(unitMapping source: Source, fileName: String) throws(IngestError) {
        try self.init(source: source, fileName: fileName, required: ["portal_id_or_code", "unit_code"], optional: []) {
            (cells) throws(FieldFailure) -> UnitMappingRow in
            UnitMappingRow(
                portalKey: try cells.required("portal_id_or_code", expected: "mã hoặc id đơn vị trên Cổng DVCQG"),
                unitCode: try cells.required("unit_code", expected: "mã đơn vị trong danh mục của tỉnh"))
        }
    }
}

/// A unit mapping file read whole.
public enum UnitMappingFile {
    /// Reads the file: portal key → unit code. A row that cannot be read, or that maps a portal key already mapped
    /// to another unit, is an issue and left out; the other rows are read.
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks a column.
    public static func read<Source: ByteChunkSource>(
        _ source: Source, fileName: String
    ) throws(IngestError) -> (mapping: [String: String], issues: [IngestIssue]) {
        var reader = try CSVRecordReader(unitMapping: source, fileName: fileName)
        var mapping: [String: String] = [:]
        var issues: [IngestIssue] = []
        while let result = try reader.next() {
            switch result {
            case .issue(let issue): issues.append(issue)
            case .record(let row, let position):
                if let earlier = mapping[row.portalKey], earlier != row.unitCode {
                    issues.append(
                        IngestIssue(
                            kind: .invalidValue, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                            field: "unit_code", isColumn: true, expected: "một đơn vị cho mỗi mã trên Cổng (đã gán \(earlier))",
                            found: row.unitCode, rawRecord: RawRecord(text: "\(row.portalKey),\(row.unitCode)")))
                } else {
                    mapping[row.portalKey] = row.unitCode
                }
            }
        }
        return (mapping, issues)
    }
}
