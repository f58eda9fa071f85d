import ArgumentParser
import Foundation
import Testing

@testable import chiso

/// `chiso what-if` on the example files (issue 11 part 1).
@Suite struct WhatIfCommandTests {
    func command(_ goal: String, format: String = "table", asOf: String = "2026-08-10 09:00") throws -> WhatIfCommand {
        try WhatIfCommand.parse([
            "--period", "2026-08", "--dossiers", example("dossiers.jsonl"), "--units", example("units.csv"), "--procedures",
            example("procedures.csv"), "--petitions", example("petitions.csv"), "--ratings", example("ratings.csv"), "--as-of", asOf,
            "--unit", "000.00.15.H10", "--goal", goal, "--format", format,
        ])
    }

    @Test func rejectsAnUnknownGoalOrFormat() {
        #expect(throws: (any Error).self) { try command("class") }
        #expect(throws: (any Error).self) { try command("points:x") }
        #expect(throws: (any Error).self) { try command("target", format: "csv") }
    }

    @Test func printsThePlanInVietnamese() throws {
        let text = try command("points:99").output()
        #expect(text.hasPrefix("Sở Tư pháp (000.00.15.H10), kỳ tháng 8/2026: mục tiêu đạt 99 điểm"))
        #expect(text.contains("Cuối kỳ nếu không thay đổi: "))
        #expect(text.contains("Có thể đạt với") || text.contains("Không thể đạt mục tiêu: ") || text.contains("Đã đạt mục tiêu"))
    }

    @Test func jsonFollowsTheSchemaOfTheAPI() throws {
        let text = try command("next-class", format: "json").output()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "chiso.what-if/1")
        #expect(object["unit"] as? String == "000.00.15.H10")
        #expect(object["goal"] as? String == "next-class")
        #expect(["reached", "reachable", "unreachable"].contains(object["status"] as? String ?? ""))
        #expect(object["steps"] is [Any] && object["at_risk"] is [Any])
    }

    @Test func aClosedPeriodSaysSo() throws {
        let text = try command("points:99", asOf: "2026-09-15").output()
        #expect(text.contains("Không thể đạt mục tiêu: Kỳ tháng 8/2026 đã kết thúc"))
    }
}
