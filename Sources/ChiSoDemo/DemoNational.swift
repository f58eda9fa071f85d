public import ChiSoCore

/// The national portal's answers for one closed month of the demo, as the portal's evaluation API returns them.
public struct DemoPortalExport: Hashable, Sendable {
    public var period: Period
    /// When the answers were taken from the portal.
    public var takenAt: Instant
    /// One answer per endpoint: the file name (`transparency.json`...) and its text.
    public var files: [DemoFile]

    public struct DemoFile: Hashable, Sendable {
        public var name: String
        public var text: String
    }
}

/// The portal's view of the demo province (DOMAIN §7): computed by Core from the demo's own records, but as the
/// portal sees them, so that the two sets of figures differ in the ways real provinces see.
///
/// * dossiers never synced (`synced` false) are not on the portal;
/// * a few dossiers of a ministry's system (7-digit sequence in the code), which the province system does not
///   hold, are on the portal for one department each month;
/// * one commune is missing from the portal's rows;
/// * ratios and scores are rounded to 2 decimals, as the portal publishes them;
/// * unit names carry the portal's "- Tỉnh X" suffix, and units the portal's own ids and codes.
public enum DemoNational {
    /// How many ministry dossiers are added each month.
    public static let ministryDossiersPerMonth = 6

    /// The exports of every closed month of the demo (the months before `today`'s).
    public static func exports(_ data: DemoData, methodology: Methodology, calendar: WorkCalendar) -> [DemoPortalExport] {
        guard let catalogue = try? Catalogue(units: data.units, procedures: data.procedures) else { return [] }
        var exports: [DemoPortalExport] = []
        var month = data.options.start
        let current = data.options.today.firstOfMonth()
        while month < current {
            let period = Period.month(month.year, month.month)
            let takenAt = min(Instant(local: month.firstOfMonth(addingMonths: 1).adding(days: 2), hour: 15), Instant(local: data.options.today))
            exports.append(export(data, catalogue: catalogue, period: period, takenAt: takenAt, methodology: methodology, calendar: calendar))
            month = month.firstOfMonth(addingMonths: 1)
        }
        return exports
    }

    /// The dossiers of a ministry's system the province does not hold: copies of a department's first dossiers of
    /// the month under the ministry's codes.
    public static func ministryDossiers(_ data: DemoData, period: Period) -> [Dossier] {
        let departments = data.units.filter { $0.kind == .department }
        guard !departments.isEmpty else { return [] }
        let department = departments[(period.start.month * 7) % departments.count]
        let originals = data.dossiers.lazy.filter { $0.unitCode == department.code && period.contains($0.receivedAt) }
            .prefix(ministryDossiersPerMonth)
        return originals.enumerated().map { index, original in
            var copy = original
            let prefix = original.code.split(separator: "-").dropLast().joined(separator: "-")
            copy.code = prefix + "-" + String(1_000_001 + period.start.month * 1000 + index)
            return copy
        }
    }

    /// The unit missing from the portal's rows for a period: the last commune valid in it.
    public static func missingUnit(_ data: DemoData, period: Period) -> Unit? {
        data.units.last { $0.kind == .commune && $0.isValid(during: period) }
    }

    static func export(
        _ data: DemoData, catalogue: Catalogue, period: Period, takenAt: Instant, methodology: Methodology, calendar: WorkCalendar
    ) -> DemoPortalExport {
        let portalDossiers = data.dossiers.lazy.filter(\.synced) + ministryDossiers(data, period: period)
        let aggregation = IndexAccumulator.aggregate(
            catalogue: catalogue, dossiers: portalDossiers, petitions: data.petitions, ratings: data.ratings, period: period, asOf: takenAt,
            calendar: calendar)
        let missing = missingUnit(data, period: period)
        var scores: [(unit: Unit, score: UnitScore, figures: UnitFigures)] = []
        for figures in aggregation.figures where figures.unit.isValid(during: period) && figures.unit.code != missing?.code {
            scores.append((figures.unit, methodology.score(unit: figures.unit, counts: figures.counts), figures))
        }
        guard let province = scores.first(where: { $0.unit.kind == .province }) else {
            return DemoPortalExport(period: period, takenAt: takenAt, files: [])
        }
        let children = scores.filter { $0.unit.kind != .province }
        var files: [DemoPortalExport.DemoFile] = []
        for group in NationalGroup.allCases {
            files.append(.init(name: group.endpoint + ".json", text: answer(group, province: province, children: children)))
        }
        files.append(.init(name: "service-results.json", text: ranking(province.score, seed: data.options.seed, period: period)))
        return DemoPortalExport(period: period, takenAt: takenAt, files: files)
    }

    // MARK: - Answers

    static func answer(
        _ group: NationalGroup, province: (unit: Unit, score: UnitScore, figures: UnitFigures),
        children: [(unit: Unit, score: UnitScore, figures: UnitFigures)]
    ) -> String {
        var data = JSONObjectText()
        switch group {
        case .transparency, .digitization, .satisfaction:
            data.object("overview", row(group, province, isProvince: true))
            data.array("evaluation", children.map { row(group, $0, isProvince: false) })
            var pagination = JSONObjectText()
            pagination.number("currentPage", 1)
            pagination.number("pageSize", 200)
            pagination.number("totalItems", children.count)
            pagination.number("totalPages", 1)
            data.object("pagination", pagination)
        case .timeliness, .onlineService, .onlinePayment:
            data.object("parent", row(group, province, isProvince: true))
            data.array("children", children.map { row(group, $0, isProvince: false) })
            if group == .timeliness { data.array("monthlyChart", []) }
        }
        var answer = JSONObjectText()
        answer.string("code", "OK")
        answer.object("data", data)
        return answer.closed + "\n"
    }

    static func row(_ group: NationalGroup, _ item: (unit: Unit, score: UnitScore, figures: UnitFigures), isProvince: Bool) -> JSONObjectText {
        var row = JSONObjectText()
        let unit = item.unit
        row.string("departmentId", portalID(unit.code))
        row.string("departmentName", isProvince ? DemoCatalogue.provinceName.capitalizedFirst : portalName(unit))
        row.string("departmentCode", portalCode(unit))
        let level = unit.kind == .commune ? "COMMUNE" : unit.kind == .district ? "DISTRICT" : "PROVINCE"
        let groupScore = item.score.group(group.methodologyGroupID)
        let points = groupScore?.points
        let maxPoints = groupScore?.max ?? group.maxPoints
        let counts = item.figures.counts
        switch group {
        case .transparency, .digitization, .satisfaction:
            row.string("departmentType", isProvince ? "ADMINISTRATIVE_UNIT" : unit.kind == .department ? "DEPARTMENT" : "ADMINISTRATIVE_UNIT")
            row.string("departmentLevel", level)
            row.decimal("totalScore", points)
            row.decimal("totalMaxScore", maxPoints)
            row.decimal("ratio", groupScore?.rate)
            row.decimal("scoreDelta", nil)
            if group == .satisfaction {
                row.number("totalPetitions", counts[.petitionOnTime].denominator)
                row.number("classifiedPetitions", counts[.petitionSatisfaction].denominator)
                row.number("totalDossiers", counts[.dossierOnTime].denominator)
            }
            var metrics = (groupScore?.indicators ?? []).compactMap { indicator -> JSONObjectText? in
                guard let code = indicator.indicator.portalMetricCode else { return nil }
                var metric = JSONObjectText()
                metric.string("code", code)
                metric.string("name", indicator.name)
                metric.number("numerator", indicator.count.numerator)
                metric.number("denominator", indicator.count.denominator)
                metric.decimal("ratio", indicator.rate)
                metric.decimal("score", indicator.points)
                metric.decimal("maxScore", indicator.max)
                return metric
            }
            if group == .satisfaction {
                for code in ["PETITION_CLASSIFICATION_TTHC", "PETITION_CLASSIFICATION_STAFF"] {
                    var metric = JSONObjectText()
                    metric.string("code", code)
                    metric.decimal("numerator", nil)
                    metric.number("denominator", counts[.petitionOnTime].denominator)
                    metric.decimal("ratio", nil)
                    metric.decimal("score", 0)
                    metric.decimal("maxScore", 0)
                    metrics.append(metric)
                }
            }
            row.array("metrics", metrics)
        case .timeliness:
            let onTime = counts[.dossierOnTime]
            if !isProvince { row.string("level", level) }
            row.number("totalReceived", onTime.denominator)
            row.number("totalOnTime", onTime.numerator)
            if isProvince {
                row.number("totalCompleted", onTime.denominator)
            } else {
                row.number("totalOverdue", onTime.denominator - onTime.numerator)
            }
            row.decimal("avgProcessingDays", nil)
            row.decimal("ratio", onTime.rate)
            row.decimal(isProvince ? "totalScore" : "score", points)
            row.decimal(isProvince ? "totalMaxScore" : "maxScore", maxPoints)
            if !isProvince { row.decimal("scoreDelta", nil) }
        case .onlineService:
            if !isProvince { row.string("level", level) }
            row.decimal("totalScore", points)
            row.decimal("totalMaxScore", maxPoints)
            row.decimal("ratio", groupScore?.rate)
            if isProvince {
                let online = counts[.onlineDossier]
                row.number("authorityCount", counts[.onlineServiceProvision].denominator)
                row.number("fullCount", counts[.onlineServiceProvision].numerator)
                row.number("onlineServiceTotal", counts[.onlineServiceUsage].denominator)
                row.number("onlineDossierCount", online.numerator)
                row.number("channelOnlineSum", online.numerator)
                row.number("channelDirectSum", online.denominator - online.numerator)
                row.number("channelTotalSum", online.denominator)
            } else {
                row.decimal("scoreDelta", nil)
            }
        case .onlinePayment:
            if !isProvince { row.string("level", level) }
            row.number("totalDossierOnlinePaymentSuccess", counts[.dossierOnlinePayment].numerator)
            row.number("totalDossierFinancialObligation", counts[.dossierOnlinePayment].denominator)
            row.number("totalDossierOnlineFormalityPaymentSuccess", counts[.procedureOnlinePayment].numerator)
            row.number("totalFeeDossierFormality", counts[.feeProcedureIntegration].numerator)
            row.number("totalFeeFormality", counts[.feeProcedureIntegration].denominator)
            row.decimal("totalScore", points)
            row.decimal("totalMaxScore", maxPoints)
            row.decimal("ratio", groupScore?.rate)
            if !isProvince { row.decimal("scoreDelta", nil) }
        }
        return row
    }

    /// `service-results`: the demo province among the 34 provinces, the others' figures drawn from the seed.
    static func ranking(_ own: UnitScore, seed: UInt64, period: Period) -> String {
        var rng = SeededGenerator(seed: seed &+ UInt64(period.start.year * 12 + period.start.month), stream: 9)
        var rows: [JSONObjectText] = []
        func row(id: String, code: String, name: String, groups: [NationalGroup: Double]) -> JSONObjectText {
            var row = JSONObjectText()
            row.string("departmentId", id)
            row.string("departmentName", name)
            row.string("departmentCode", code)
            row.string("departmentType", "ADMINISTRATIVE_UNIT")
            row.decimal("totalScore", groups.values.reduce(0, +))
            var scores = JSONObjectText()
            for group in NationalGroup.allCases { scores.decimal(group.serviceResultsKey, groups[group]) }
            row.object("groupScores", scores)
            return row
        }
        var ownGroups: [NationalGroup: Double] = [:]
        for group in NationalGroup.allCases { ownGroups[group] = ((own.group(group.methodologyGroupID)?.points ?? 0) * 100).rounded() / 100 }
        rows.append(
            row(
                id: portalID("000.00.00." + DemoCatalogue.provinceCode), code: DemoCatalogue.provinceCode,
                name: DemoCatalogue.provinceName.capitalizedFirst, groups: ownGroups))
        for (index, name) in otherProvinces.enumerated() {
            let level = rng.double(0.68, 0.95)
            var groups: [NationalGroup: Double] = [:]
            for group in NationalGroup.allCases {
                groups[group] = (group.maxPoints * min(1, level * rng.double(0.9, 1.1)) * 100).rounded() / 100
            }
            rows.append(row(id: portalID("province-\(index)"), code: "H\(index + 60)", name: name, groups: groups))
        }
        var array = JSONObjectText()
        array.string("code", "OK")
        array.array("data", rows)
        return array.closed + "\n"
    }

    static let otherProvinces = [
        "Thành phố Hà Nội", "Thành phố Huế", "Tỉnh Lai Châu", "Tỉnh Điện Biên", "Tỉnh Sơn La", "Tỉnh Lạng Sơn", "Tỉnh Quảng Ninh",
        "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh", "Tỉnh Cao Bằng", "Tỉnh Tuyên Quang", "Tỉnh Lào Cai", "Tỉnh Thái Nguyên",
        "Tỉnh Phú Thọ", "Tỉnh Bắc Ninh", "Tỉnh Hưng Yên", "Thành phố Hải Phòng", "Tỉnh Ninh Bình", "Tỉnh Quảng Trị", "Thành phố Đà Nẵng",
        "Tỉnh Quảng Ngãi", "Tỉnh Gia Lai", "Tỉnh Khánh Hòa", "Tỉnh Lâm Đồng", "Tỉnh Đắk Lắk", "Thành phố Hồ Chí Minh", "Tỉnh Đồng Nai",
        "Tỉnh Tây Ninh", "Thành phố Cần Thơ", "Tỉnh Vĩnh Long", "Tỉnh Đồng Tháp", "Tỉnh Cà Mau",
    ]

    /// The portal's own id of a unit: a UUID-shaped text derived from its code.
    static func portalID(_ code: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in code.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        let digits = String(repeating: "0", count: 16 - hex.count) + hex
        let a = digits.prefix(8), b = digits.dropFirst(8).prefix(4), c = digits.dropFirst(12)
        return "\(a)-\(b)-4\(c.prefix(3))-8000-\(digits.suffix(12))"
    }

    /// The portal's code of a unit (`H10`, `H10.07`, `H10.100`), not the one-stop system's.
    static func portalCode(_ unit: Unit) -> String {
        let p = DemoCatalogue.provinceCode
        switch unit.kind {
        case .province: return p
        case .department, .district: return p + "." + (unit.code.split(separator: ".").dropFirst(2).first.map(String.init) ?? unit.code)
        case .commune, .other: return p + "." + unit.code.split(separator: ".").dropFirst().joined()
        }
    }

    /// The portal's name of a unit: departments with the "- Tỉnh X" suffix.
    static func portalName(_ unit: Unit) -> String {
        unit.kind == .department ? unit.name + " - " + DemoCatalogue.provinceName.capitalizedFirst : unit.name
    }
}

extension String {
    /// The text with its first letter in upper case ("tỉnh Phước An" → "Tỉnh Phước An").
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
