public import ChiSoCore
import Foundation

extension CSVRecordReader where Record == Target {
    /// Reads a targets file (chỉ tiêu giao), one target a row.
    ///
    /// Columns: `indicator` (an indicator id), `applies_to` (a unit code, or a kind: `province`,
    /// `department`, `district`, `commune`, `other`, or `all`), `period` (`2024`, `2024-Q2`, `2024-07`...),
    /// `target_percent` (e.g. `70` or `70,5`), and optionally `source` (the decision, e.g. `127/QĐ-UBND`).
    public init(targets source: Source, fileName: String) throws(IngestError) {
        try self.init(source: source, fileName: fileName, required: ["indicator", "applies_to", "period", "target_percent"], optional: ["source"]) {
            (cells) throws(FieldFailure) -> Target in
            let id = try cells.required("indicator")
            guard let indicator = Indicator(rawValue: id) else {
                throw .invalid("indicator", expected: "mã chỉ tiêu (ví dụ dossier_online_payment)", found: id)
            }
            let applies = try cells.required("applies_to")
            let scope: Target.Scope =
                applies.lowercased() == "all" ? .all : Unit.Kind(rawValue: applies.lowercased()).map { .kind($0) } ?? .unit(applies)
            let periodText = try cells.required("period")
            guard let period = Period(periodText) else {
                throw .invalid("period", expected: "kỳ dạng 2024, 2024-Q2, 2024-H1, 2024-9M hoặc 2024-07", found: periodText)
            }
            let percentText = try cells.required("target_percent")
            guard let percent = Double(percentText.replacing(",", with: ".")), percent >= 0, percent <= 100 else {
                throw .invalid("target_percent", expected: "tỷ lệ phần trăm từ 0 đến 100", found: percentText)
            }
            return Target(indicator: indicator, scope: scope, period: period, percent: percent, source: cells.text("source") ?? "")
        }
    }
}

/// The example targets files shipped with ChiSo.
public enum TargetsFile {
    /// Names of the shipped examples: Bình Phước 2024 (Decision 127/QĐ-UBND, online payment) and Bình Định
    /// 2024 (Decision 235/QĐ-UBND, seven indicators).
    public static let examples = ["binh-phuoc-2024", "binh-dinh-2024"]

    /// The path of a shipped example, or nil.
    public static func examplePath(_ name: String) -> String? {
        Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources/targets")?.path
    }
}
