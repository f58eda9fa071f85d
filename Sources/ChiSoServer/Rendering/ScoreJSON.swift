public import ChiSoCore

// The scores JSON (schema `chiso.score/1`, documented in the README under "Kết quả dạng JSON"): the one
// builder behind both `/api/v1/scores` and `chiso score --format json`, so they answer the same document.
extension Scoreboard {
    /// The scores document of every unit; `rendered()` gives the text, indented by two spaces, without a final
    /// newline (`chiso score --format json` adds one). Keys are stable; ids are the methodology's.
    public func scoresJSON() -> JSON { json() }

    func json(only include: (Entry) -> Bool = { _ in true }) -> JSON {
        .object([
            ("schema", .string("chiso.score/1")),
            ("methodology", .object([("id", .string(methodology.id)), ("name", .string(methodology.name))])),
            ("period", .string(period.description)),
            ("period_name", .string(period.vietnameseName)),
            ("as_of", .string(asOf.iso8601)),
            ("comparison_spans_formula_change", .bool(comparisonSpansFormulaChange)),
            ("units", .array(entries.filter(include).map(\.json))),
        ])
    }
}

extension Scoreboard.Entry {
    var json: JSON {
        let previous = ranked.previous
        let lastYear = ranked.sameLastYear
        return .object([
            ("code", .string(unit.code)),
            ("name", .string(unit.name)),
            ("kind", .string(unit.kind.rawValue)),
            ("parent", .text(unit.parentCode)),
            ("rank", .int(ranked.rank)),
            ("previous_rank", previous?.rank.map { .int($0) } ?? .null),
            ("rank_change", previous?.rankChange.map { .int($0) } ?? .null),
            ("total", .decimal(score.total)),
            ("previous_total", .decimal(previous?.total)),
            ("total_change", .decimal(previous?.pointChange)),
            ("same_period_last_year_total", .decimal(lastYear?.total)),
            ("same_period_last_year_rank", lastYear?.rank.map { .int($0) } ?? .null),
            ("classification", .text(score.classification)),
            ("previous_classification", .text(previous?.classification)),
            ("no_dossiers", .bool(figures.hasNoDossiers)),
            ("groups", score.groupsJSON),
            ("indicators", score.indicatorsJSON),
            ("processing", figures.processing.json),
            ("targets", .array(targets.map(\.json))),
        ])
    }
}

extension UnitScore {
    var groupsJSON: JSON {
        .object(
            groups.map { g in
                (g.id, .object([("name", .string(g.name)), ("points", .decimal(g.points)), ("max", .decimal(g.max)), ("rate", .decimal(g.rate))]))
            })
    }

    var indicatorsJSON: JSON {
        .object(
            groups.flatMap(\.indicators).map { s in
                (
                    s.indicator.rawValue,
                    .object([
                        ("name", .string(s.name)), ("numerator", .int(s.count.numerator)), ("denominator", .int(s.count.denominator)),
                        ("rate", .decimal(s.rate)), ("points", .decimal(s.points)), ("max", .decimal(s.max)),
                    ])
                )
            })
    }
}

extension ProcessingTable {
    var json: JSON {
        .object([
            ("carried_over", .int(carriedOver)), ("newly_received", .int(newlyReceived)),
            ("resolved_on_time", .int(resolvedOnTime)), ("resolved_overdue", .int(resolvedOverdue)),
            ("open_not_due", .int(openNotDue)), ("open_overdue", .int(openOverdue)),
        ])
    }
}

extension TargetResult {
    var json: JSON {
        .object([
            ("indicator", .string(target.indicator.rawValue)), ("target", .decimal(target.percent)), ("actual", .decimal(actual)),
            ("numerator", .int(count.numerator)), ("denominator", .int(count.denominator)),
            ("met", met.map { .bool($0) } ?? .null), ("gap", .decimal(gap)), ("source", .string(target.source)),
        ])
    }
}

extension Instant {
    /// ISO 8601 with the Vietnam offset, e.g. `2026-08-31T23:59:59+07:00`.
    var iso8601: String { description.replacing(" ", with: "T") + "+07:00" }

    /// Vietnamese form, e.g. `23:59 ngày 31/08/2026`.
    var vietnamese: String {
        let s = localSecondOfDay
        let hh = s / 3600, mm = s / 60 % 60
        return "\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm) ngày \(localDate.vietnamese)"
    }
}
