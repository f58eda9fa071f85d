public import ChiSoCore

extension Scoreboard {
    /// The scores as CSV (`chiso score --format csv`): one row per unit with its groups' points and each indicator's
    /// numerator, denominator, rate and points; ids are the methodology's.
    public func scoresCSV() -> String {
        var header = ["level", "rank", "unit_code", "unit_name", "kind", "parent_code", "total", "classification", "previous_rank", "previous_total"]
        header += methodology.groups.map { "group.\($0.id)" }
        for rule in methodology.indicators {
            header += ["numerator", "denominator", "rate", "points"].map { "\(rule.indicator.rawValue).\($0)" }
        }
        var lines = [header.map { CSVWriter.field($0) }.joined(separator: ",")]
        for e in entries {
            var row = [
                e.unit.kind.rawValue, String(e.ranked.rank), e.unit.code, e.unit.name, e.unit.kind.rawValue, e.unit.parentCode ?? "",
                Decimal2.plain(e.score.total), e.score.classificationLabel, e.ranked.previous?.rank.map(String.init) ?? "",
                e.ranked.previous.map { Decimal2.plain($0.total) } ?? "",
            ]
            row += e.score.groups.map { Decimal2.plain($0.points) }
            for s in e.score.groups.flatMap(\.indicators) {
                row += [String(s.count.numerator), String(s.count.denominator), s.rate.map { Decimal2.plain($0) } ?? "", Decimal2.plain(s.points)]
            }
            lines.append(row.map { CSVWriter.field($0) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
