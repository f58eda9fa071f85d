public import ChiSoCore

/// Streams processing steps from DVCQG `CapNhatTienDoHoSoMC` records, as a JSON array or JSON lines.
///
/// Fields: `MaHoSo` and `ThoiDiemXuLy` (`yyyyMMddHHmmss`) are required; `NguoiXuLy`, `ChucDanh`,
/// `PhongBanXuLy`, `NoiDungXuLy`, `TrangThai`, `NgayBatDau`, `NgayKetThucTheoQuyDinh` are optional.
/// Issues and streaming behave as in ``DVCQGDossierReader``.
public struct DVCQGStepReader<Source: ByteChunkSource> {
    private var stream: JSONObjectStream<Source>

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - source: the bytes.
    ///   - fileName: the name used in issues.
    ///   - maxRecordBytes: records longer than this are issues.
    public init(source: Source, fileName: String, maxRecordBytes: Int = 16 << 20) {
        self.stream = JSONObjectStream(source: source, fileName: fileName, maxRecordBytes: maxRecordBytes)
    }

    /// The next step or issue, or nil at the end of the input.
    ///
    /// - Throws: ``IngestError`` when the input cannot be read or is not JSON at all.
    public mutating func next() throws(IngestError) -> ReadResult<ProcessingStep>? {
        try stream.next { (members) throws(FieldFailure) -> ProcessingStep in
            try DVCQGStepReader.step(from: members)
        }
    }

    static func step(from fields: [JSONMember]) throws(FieldFailure) -> ProcessingStep {
        func text(_ key: String) throws(FieldFailure) -> String? { try fields.value(key)?.text(key) }
        func instant(_ key: String) throws(FieldFailure) -> Instant? { try fields.value(key)?.instant(key) }
        guard let code = try text("MaHoSo") else { throw .missing("MaHoSo", expected: Expected.nonEmptyText) }
        guard let processedAt = try instant("ThoiDiemXuLy") else { throw .missing("ThoiDiemXuLy", expected: Expected.dateTime) }
        return ProcessingStep(
            dossierCode: code, processedAt: processedAt, handler: try text("NguoiXuLy"), title: try text("ChucDanh"),
            department: try text("PhongBanXuLy"), content: try text("NoiDungXuLy"),
            status: try text("TrangThai").map(StatusMapping.normalise), startedAt: try instant("NgayBatDau"),
            dueAt: try instant("NgayKetThucTheoQuyDinh"))
    }
}
