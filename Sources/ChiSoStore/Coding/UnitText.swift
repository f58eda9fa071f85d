import ChiSoCore

/// A unit as the lines of a units CSV file (header and row), the text a quarantined unit keeps: importing it again,
/// once its parent exists, restores the unit whole.
enum UnitText {
    static let header = "code,name,kind,parent_code,valid_from,valid_to,e_certified_copy"

    static func csv(_ unit: ChiSoCore.Unit) -> String {
        let cells = [
            unit.code, unit.name, unit.kind.rawValue, unit.parentCode ?? "", unit.validFrom?.description ?? "", unit.validTo?.description ?? "",
            unit.offersElectronicCertifiedCopy ? "1" : "0",
        ]
        return header + "\n" + cells.map(cell).joined(separator: ",") + "\n"
    }

    /// A cell quoted when it holds a comma, quote, line break or surrounding spaces, quotes doubled.
    private static func cell(_ text: String) -> String {
        let needsQuotes = text.first == " " || text.last == " " || text.contains { ",\"\n\r".contains($0) }
        guard needsQuotes else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
