import ArgumentParser
import ChiSoCore
import ChiSoIngest
import Foundation

/// `chiso what-if`: what a unit would have to do to reach a goal in a period (issue 11).
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract:
            "Cần làm gì để đạt mục tiêu: số thay đổi ít nhất (hồ sơ giải quyết đúng hạn, thanh toán trực tuyến...) để đơn vị đạt mục tiêu trong kỳ.",
        discussion: """
            Mục tiêu (--goal): target (đạt mọi chỉ tiêu được giao), next-class (lên mức xếp loại kế tiếp), points:N (đạt N điểm), \
            rank:N (đứng hạng N trở lên trong cấp). Mục tiêu được xét tại cuối kỳ; các thay đổi có hiệu lực từ thời điểm xét \
            (--as-of, mặc định hiện tại). Nguồn dữ liệu: cơ sở dữ liệu, hoặc --dossiers FILE --units FILE --procedures FILE.
            """
    )

    @OptionGroup var source: DataSourceOptions
    @Option(help: "Mã định danh của đơn vị.") var unit: String
    @Option(help: "Mục tiêu: target, next-class, points:N hoặc rank:N.") var goal: String
    @Option(help: "Định dạng: table hoặc json.") var format = "table"

    func validate() throws {
        guard WhatIfGoal(goal) != nil else { throw ValidationError("mục tiêu không hợp lệ: \(goal) (target, next-class, points:N, rank:N)") }
        guard ["table", "json"].contains(format) else { throw ValidationError("định dạng không hợp lệ: \(format) (table, json)") }
        guard source.counts == nil else { throw ValidationError("what-if cần hồ sơ (--dossiers hoặc cơ sở dữ liệu), không dùng --counts") }
    }

    func run() throws {
        print(try output(), terminator: "")
    }

    /// What the command prints.
    func output() throws -> String {
        let period = Period(source.period)!
        let now = source.asOf.flatMap(Instant.init(argument:)) ?? .now
        let records = try source.records(for: [period], now: now)
        reportIssues(records.issues)
        let targets = try source.targets.map { try Inputs.targets($0) }
        if let targets { reportIssues(targets.issues) }
        let calendar = try source.calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        let data = WhatIfData(
            catalogue: records.catalogue, methodology: try MethodologyFile.resolve(source.methodology), calendar: calendar,
            targets: targets?.records ?? records.targets, dossiers: records.dossiers, petitions: records.petitions, ratings: records.ratings)
        guard let plan = WhatIf.plan(unit: unit, goal: WhatIfGoal(goal)!, period: period, now: now, data: data) else {
            throw ValidationError("không có đơn vị \(unit) trong danh mục đơn vị")
        }
        guard format == "json" else { return plan.table }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(plan), as: UTF8.self) + "\n"
    }
}

extension WhatIfPlan {
    /// The plan as text for a terminal, in Vietnamese.
    var table: String {
        func standing(_ s: Standing) -> String {
            "\(Decimal2.vietnamese(s.total)) điểm, xếp loại \(s.classification ?? UnitScore.notClassifiedLabel), hạng \(s.rank)/\(s.rankedUnits)"
                + (s.targetsMeasured > 0 ? ", đạt \(s.targetsMet)/\(s.targetsMeasured) chỉ tiêu" : "")
        }
        var out = "\(unit.name) (\(unit.code)), kỳ \(period.vietnameseName): mục tiêu \(goal.vietnamese)\n"
        out += "Hiện tại (\(asOf.vietnameseText)): \(standing(current))\n"
        out += "Cuối kỳ nếu không thay đổi: \(standing(projected))\n"
        if let requiredTotal {
            out += "Cần: \(Decimal2.vietnamese(requiredTotal)) điểm" + (requiredClassification.map { " (xếp loại \($0))" } ?? "") + "\n"
        }
        switch status {
        case .reached: out += "Đã đạt mục tiêu, không cần thay đổi.\n"
        case .unreachable: out += "Không thể đạt mục tiêu: \(obstacleText ?? "")\n"
        case .reachable:
            out += "Có thể đạt với \(actionCount) thay đổi, theo thứ tự điểm tăng trên mỗi việc:\n"
            for (i, s) in steps.enumerated() {
                out += "  \(i + 1). \(s.action.vietnamese): \(s.count) (mỗi việc +\(Decimal2.vietnamese(s.pointsPerAction, places: 4)) điểm,"
                out += " cộng +\(Decimal2.vietnamese(s.pointsGained)), tổng \(Decimal2.vietnamese(s.totalAfter)))\n"
                out += "     " + s.codes.prefix(20).joined(separator: ", ") + (s.count > 20 ? ", … (\(s.count - 20) mã khác)" : "") + "\n"
            }
            out += "Sau khi thực hiện: \(standing(achieved))\n"
        }
        if atRisk.isEmpty {
            out += "Không có hồ sơ đang xử lý nào sẽ quá hạn trước cuối kỳ.\n"
        } else {
            out += "Hồ sơ sẽ quá hạn nếu không xử lý (\(atRisk.count) hồ sơ, mất \(Decimal2.vietnamese(pointsAtRisk)) điểm):\n"
            for r in atRisk {
                out +=
                    "  \(r.dossierCode)  \(r.unitCode)  \(r.procedureCode)  hạn \(r.deadline.vietnameseText)  quá hạn từ \(r.overdueFrom.localDate.vietnamese)\n"
            }
        }
        return out
    }
}

extension Instant {
    /// `10/03/2026 09:00`.
    var vietnameseText: String {
        let s = localSecondOfDay
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(localDate.vietnamese) \(two(s / 3600)):\(two(s / 60 % 60))"
    }
}
