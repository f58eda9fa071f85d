import ArgumentParser
import ChiSoCore
import ChiSoStore

/// `chiso quality`: the data-quality findings per unit: dossiers held because their unit is not in the catalogue,
/// and dossiers whose deadline is before their reception.
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Cảnh báo chất lượng dữ liệu theo đơn vị: hồ sơ của đơn vị chưa có trong danh mục, hồ sơ có hạn trả trước ngày tiếp nhận.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try await database.open()
        let findings = try await store.dataQuality()
        guard !findings.isEmpty else {
            print("Không có cảnh báo chất lượng dữ liệu.")
            return
        }
        for line in QualityCommand.lines(findings) { print(line) }
    }

    /// One line per unit code, in Vietnamese.
    static func lines(_ findings: [UnitDataQuality]) -> [String] {
        findings.map { f in
            var parts: [String] = []
            if !f.unitKnown { parts.append("chưa có trong danh mục: \(f.dossiers) hồ sơ đang được giữ, chưa được tính vào chỉ số") }
            if f.deadlineBeforeReception > 0 {
                parts.append(
                    "\(f.deadlineBeforeReception) hồ sơ có hạn trả trước ngày tiếp nhận (\(f.deadlineBeforeReceptionSamples.joined(separator: ", ")))"
                )
            }
            return "Đơn vị \(f.unitCode): \(parts.joined(separator: "; "))"
        }
    }
}
