import ChiSoCore

/// The reconciliation page (`/doi-chieu`) and the portal's section on a unit page, from the `reconciliation`,
/// `portal-unit` and `group-table` templates: every figure with its source and time of export, differences highlighted.
enum ReconciliationPage {
    static let portal = "Cổng DVCQG"
    static let province = "Hệ thống tỉnh"

    /// The page body for a period.
    static func body(_ r: Reconciliation, snapshotID: Int64?, periods: [Period], selected: Period) -> String {
        let query = "period=\(HTML.query(r.period.description))" + (snapshotID.map { "&snapshot=\($0)" } ?? "")
        let unmatched =
            r.matching.unmatchedPortal.map { ($0.portal.name, portal, $0.candidates) }
            + r.matching.unmatchedUnits.map { ($0.unit.name, province, $0.candidates) }
        let view = PageView(
            periodName: r.period.vietnameseName, selector: SelectorView(action: "/doi-chieu", periods: periods, selected: selected, level: nil),
            source: sourceLine(r), provisional: r.isProvisional, incomplete: !r.isComplete,
            standing: r.standing.map { s in
                PageView.Standing(
                    rank: s.province.rank, count: s.provinceCount, total: HTML.points(s.province.total),
                    changeHTML: s.rankChange.map { HTML.rankChange($0) })
            },
            documentBase: "/api/v1/reconciliation/document?\(query)", jsonLink: "/api/v1/reconciliation?\(query)",
            province: r.province.map { GroupTableView($0, id: "groups-province") },
            units: r.units.map { line in
                let onTime = line.indicator(.dossierOnTime)
                return PageView.UnitRow(
                    differs: line.presence != .both || line.indicators.contains(where: \.differs)
                        || (line.totalDifference.map { Decimal2.round($0) != 0 } ?? false),
                    nameHTML: line.unit.map {
                        "<a href=\"/don-vi/\(HTML.query($0.code))?period=\(HTML.query(r.period.description))\">\(HTML.esc($0.name))</a>"
                    } ?? HTML.esc(line.name),
                    presenceHTML: presence(line.presence), portalTotal: HTML.points(line.portalTotal), chisoTotal: HTML.points(line.chisoTotal),
                    differenceHTML: difference(line.totalDifference), portalOnTime: fraction(onTime?.portal), chisoOnTime: fraction(onTime?.chiso),
                    overdue: "\(HTML.number(line.portalOverdue)) / \(line.chisoOverdue.map(String.init) ?? "–")", explanationsHTML: explanations(line)
                )
            },
            takenAt: r.takenAt.vietnamese, hasUnmatched: !unmatched.isEmpty,
            unmatched: unmatched.map { name, side, candidates in
                let close = candidates.map { "\($0.name) (\(Decimal2.vietnamese($0.similarity * 100, places: 0))%)" }.joined(separator: "; ")
                return PageView.Unmatched(name: name, side: side, closest: close.isEmpty ? "–" : close)
            })
        return Templates.shipped.render(view, "reconciliation")
    }

    /// The portal's figures beside ChiSo's for one unit (on the unit page).
    static func unitSection(_ line: Reconciliation.UnitLine, reconciliation r: Reconciliation) -> String {
        let view = UnitSectionView(
            source: sourceLine(r), groupTable: GroupTableView(line, id: "portal-groups"),
            indicators: line.indicators.filter { $0.portal != nil }.map { i in
                UnitSectionView.Indicator(
                    differs: i.differs, name: i.name, portalFraction: fraction(i.portal), portalRate: HTML.number(i.portal?.rate),
                    chisoFraction: fraction(i.chiso), chisoRate: HTML.number(i.chiso?.rate), differenceHTML: difference(i.rateDifference))
            },
            explanationsHTML: line.explanations.isEmpty ? nil : explanations(line))
        return Templates.shipped.render(view, "portal-unit")
    }

    /// The reconciliation page (`reconciliation` template).
    struct PageView {
        struct Standing {
            let rank: Int
            let count: Int
            let total: String
            let changeHTML: String?
        }

        struct UnitRow {
            let differs: Bool
            let nameHTML: String
            let presenceHTML: String
            let portalTotal: String
            let chisoTotal: String
            let differenceHTML: String
            let portalOnTime: String
            let chisoOnTime: String
            let overdue: String
            let explanationsHTML: String
        }

        struct Unmatched {
            let name: String
            let side: String
            let closest: String
        }

        let portalName = ReconciliationPage.portal
        let provinceName = ReconciliationPage.province
        let periodName: String
        let selector: SelectorView
        let source: String
        let provisional: Bool
        let incomplete: Bool
        let standing: Standing?
        let documentBase: String
        let jsonLink: String
        let province: GroupTableView?
        let units: [UnitRow]
        let takenAt: String
        let hasUnmatched: Bool
        let unmatched: [Unmatched]
    }

    /// The portal's section of a unit page (`portal-unit` template).
    struct UnitSectionView {
        struct Indicator {
            let differs: Bool
            let name: String
            let portalFraction: String
            let portalRate: String
            let chisoFraction: String
            let chisoRate: String
            let differenceHTML: String
        }

        let portalName = ReconciliationPage.portal
        let provinceName = ReconciliationPage.province
        let source: String
        let groupTable: GroupTableView
        let indicators: [Indicator]
        let explanationsHTML: String?
    }

    /// Each group's points on both sides and the total (`group-table` template).
    struct GroupTableView {
        struct Row {
            let differs: Bool
            let name: String
            let max: String
            let portal: String
            let chiso: String
            let differenceHTML: String
        }

        let portalName = ReconciliationPage.portal
        let provinceName = ReconciliationPage.province
        let id: String
        let rows: [Row]
        let portalTotal: String
        let chisoTotal: String
        let totalDifferenceHTML: String

        init(_ line: Reconciliation.UnitLine, id: String) {
            self.id = id
            rows = line.groups.map { g in
                Row(
                    differs: g.pointsDifference.map { Decimal2.round($0) != 0 } ?? false, name: g.name, max: HTML.number(g.maxPoints),
                    portal: HTML.points(g.portalPoints), chiso: HTML.points(g.chisoPoints), differenceHTML: difference(g.pointsDifference))
            }
            portalTotal = HTML.points(line.portalTotal)
            chisoTotal = HTML.points(line.chisoTotal)
            totalDifferenceHTML = difference(line.totalDifference)
        }
    }

    static func sourceLine(_ r: Reconciliation) -> String {
        "Nguồn: \(portal), số liệu trích xuất lúc \(r.takenAt.vietnamese); \(province): tính từ dữ liệu hồ sơ đến cùng thời điểm."
    }

    static func presence(_ p: Reconciliation.Presence) -> String {
        switch p {
        case .both: return "Cả hai"
        case .portalOnly: return "<span class=\"down\">Chỉ \(portal)</span>"
        case .chisoOnly: return "<span class=\"down\">Chỉ \(province)</span>"
        }
    }

    static func fraction(_ f: Reconciliation.Figure?) -> String {
        guard let f else { return "–" }
        guard let n = f.numerator, let d = f.denominator else { return HTML.number(f.rate) }
        return "\(Decimal2.vietnamese(n)) / \(Decimal2.vietnamese(d))"
    }

    static func difference(_ value: Double?) -> String {
        guard let value, Decimal2.round(value) != 0 else { return "–" }
        return "<span class=\"\(value > 0 ? "up" : "down")\">\(value > 0 ? "+" : "−")\(Decimal2.vietnamese(abs(value)))</span>"
    }

    static func explanations(_ line: Reconciliation.UnitLine) -> String {
        line.explanations.map { e in
            let codes = e.dossierCodes.prefix(20).map(HTML.esc).joined(separator: ", ")
            let more = e.dossierCodes.count > 20 ? " … (\(e.dossierCodes.count) hồ sơ)" : ""
            return "\(HTML.esc(e.kind.vietnamese))\(codes.isEmpty ? "" : ": " + codes + more)"
        }.joined(separator: "<br>")
    }
}
