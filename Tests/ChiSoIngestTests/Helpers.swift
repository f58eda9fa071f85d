import ChiSoCore
import ChiSoIngest

/// Reads every result of a dossier reader over in-memory text.
func readDossiers(
    _ text: String, chunkSize: Int = 1 << 20, fileName: String = "dossiers.jsonl", mapping: StatusMapping = .dvcqg,
    synced: Bool = true
) throws -> (records: [Dossier], issues: [IngestIssue]) {
    var reader = DVCQGDossierReader(
        source: ArrayChunkSource(text, chunkSize: chunkSize), fileName: fileName, statusMapping: mapping, synced: synced)
    return try Readers.drain { () throws(IngestError) in try reader.next() }
}

/// A compact valid DongBoHoSoMC record.
func record(_ code: String, status: String = "\"4\"", extra: String = "") -> String {
    #"{"MaHoSo":"\#(code)","MaTTHC":"1.004227","DonViXuLy":"000.00.15.H15","KenhThucHien":2,"#
        + #""NgayTiepNhan":"20240305083000","TrangThaiHoSo":\#(status)\#(extra)}"#
}

func instant(_ text: String) -> Instant? { Instant(dvcqg: text) }
