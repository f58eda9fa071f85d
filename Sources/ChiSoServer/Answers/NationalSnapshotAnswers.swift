import ChiSoCore
import ChiSoReport
import ChiSoStore

/// A stored snapshot of the national portal's figures, without its figures (`/api/v1/national/snapshots`).
struct NationalSnapshotInfoAnswer: Encodable {
    let id: Int
    let period: String
    let takenAt: String
    let takenAtSource: String
    let origin: String
    @NullEncoded var provinceID: String?
    let groups: [String]
    let complete: Bool
    let provisional: Bool
    let units: Int
    let answers: Int
    let importedAt: String
    let current: Bool

    enum CodingKeys: String, CodingKey {
        case id, period, origin, groups, complete, provisional, units, answers, current
        case takenAt = "taken_at"
        case takenAtSource = "taken_at_source"
        case provinceID = "province_id"
        case importedAt = "imported_at"
    }

    init(_ info: NationalSnapshotInfo) {
        id = Int(info.id.rawValue)
        period = info.period.description
        takenAt = info.takenAt.iso8601
        takenAtSource = info.takenAtSource.rawValue
        origin = info.origin.rawValue
        provinceID = info.provinceID
        groups = info.groupsPresent.sorted().map(\.rawValue)
        complete = info.isComplete
        provisional = info.isProvisional
        units = info.unitCount
        answers = info.answerCount
        importedAt = info.importedAt.iso8601
        current = info.isCurrent
    }
}

/// A stored snapshot with its figures (`/api/v1/national/snapshots/{id}`).
struct NationalSnapshotAnswer: Encodable {
    struct Metric: Encodable {
        let code: String
        @NullEncoded var indicator: String?
        let numerator: JSONDecimal
        let denominator: JSONDecimal
        let rate: JSONDecimal
        let points: JSONDecimal
        let max: JSONDecimal
    }

    struct Group: Encodable {
        let points: JSONDecimal
        let max: JSONDecimal
        let rate: JSONDecimal
        let metrics: [Metric]
        let counts: [String: JSONDecimal]
    }

    struct UnitFigures: Encodable {
        @NullEncoded var portalID: String?
        @NullEncoded var portalCode: String?
        let name: String
        @NullEncoded var level: String?
        let province: Bool
        let total: JSONDecimal
        let groups: [String: Group]

        enum CodingKeys: String, CodingKey {
            case name, level, province, total, groups
            case portalID = "portal_id"
            case portalCode = "portal_code"
        }
    }

    struct Province: Encodable {
        @NullEncoded var portalID: String?
        let name: String
        let total: JSONDecimal

        enum CodingKeys: String, CodingKey {
            case name, total
            case portalID = "portal_id"
        }
    }

    let snapshot: NationalSnapshotInfoAnswer
    let units: [UnitFigures]
    let provinces: [Province]

    init(_ stored: StoredNationalSnapshot) {
        snapshot = NationalSnapshotInfoAnswer(stored.info)
        units = stored.snapshot.units.map { u in
            UnitFigures(
                portalID: u.portalID, portalCode: u.portalCode, name: u.name, level: u.level, province: u.isProvince, total: JSONDecimal(u.total),
                groups: Dictionary(
                    u.groups.map { g, f in
                        (
                            g.rawValue,
                            Group(
                                points: JSONDecimal(f.points), max: JSONDecimal(f.maxPoints), rate: JSONDecimal(f.rate),
                                metrics: f.metrics.map { m in
                                    Metric(
                                        code: m.code, indicator: m.indicator?.rawValue, numerator: JSONDecimal(m.numerator),
                                        denominator: JSONDecimal(m.denominator), rate: JSONDecimal(m.rate), points: JSONDecimal(m.points),
                                        max: JSONDecimal(m.maxPoints))
                                },
                                counts: f.counts.mapValues { JSONDecimal($0) })
                        )
                    }, uniquingKeysWith: { first, _ in first }))
        }
        provinces = stored.snapshot.provinces.map { Province(portalID: $0.portalID, name: $0.name, total: JSONDecimal($0.total)) }
    }
}
