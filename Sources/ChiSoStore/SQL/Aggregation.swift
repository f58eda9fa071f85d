public import ChiSoCore

/// The aggregation of judged facts, as SQL text that runs unchanged on SQLite (≥ 3.30) and PostgreSQL.
///
/// Standard SQL only: `COUNT(*) FILTER (WHERE …)`, `CASE`, joins and `GROUP BY`; parameters are numbered
/// (`$1`, `$2`, …: positional on PostgreSQL, named on SQLite, bound by their number). Flags are integers 0/1 on
/// both engines, instants are seconds since the epoch (`INTEGER`/`BIGINT`). The queries compare instants Core wrote
/// (``ChiSoCore/DossierFacts``, ``ChiSoCore/VerdictTimeline``, ``ChiSoCore/PetitionFacts``) with the instants of
/// judgement and count; no rule of DOMAIN §4 is written here. Core turns the counts into indicators
/// (``ChiSoCore/IndexAccumulator/aggregate(catalogue:period:asOf:calendar:settings:dossierCounts:petitionCounts:includeChildren:)``).
///
/// The tables (``FactsSQL/tables``): `dossier_facts` (one row per received dossier, its current
/// version), `dossier_verdicts` (its verdict timeline, `[from_at, to_at)`), `petition_facts`, `rating_facts`, each
/// carrying `province_code` where it grows with dossiers, for partitioning.
public enum AggregationSQL {
    /// A value a query is run with.
    public enum Parameter: Sendable {
        /// The instant of judgement (``ChiSoCore/IndexAccumulator/judgedAt``).
        case judgedAt
        /// The instant the data is seen at (D7).
        case observedAt
        /// The period's first instant.
        case periodStart
    }

    /// A query and the values of its parameters `$1`, `$2`, … in order.
    public struct Query: Sendable {
        public let sql: String
        public let parameters: [Parameter]
    }

    /// The period's dossiers (DOMAIN §4, D1, D6) with their verdict at `$1`: received by the instant of judgement and
    /// not ended before the period's start (`$3`). `$2` is the instant the data is seen at. The join names the province,
    /// the partition key, so that PostgreSQL joins partition by partition (and a shard's ids need only be unique in it).
    /// `CROSS JOIN` keeps SQLite to the order written (PostgreSQL plans it as any inner join): the facts are filtered
    /// first, then each remaining dossier's segments are found through the primary key (dossier, start), instead of
    /// scanning every segment (measured on a province-year of 758,273 dossiers: 0.13–0.17 s against 0.20–0.23 s).
    static let periodDossiers = """
        SELECT f.dossier_id, f.unit_code, f.procedure_code, f.online, f.synced, f.e_result, f.digitized, f.reused, f.shared,
            f.citizen_data, f.fee_data, f.paid_online, f.fees_all_zero, f.paused_on_due_date, f.late_supplement_request,
            CASE WHEN f.ended_at <= $1 THEN 1 ELSE 0 END AS resolved,
            CASE WHEN f.result_at <= $1 THEN 1 ELSE 0 END AS resolved_with_result,
            CASE WHEN f.result_at <= $2 THEN 1 ELSE 0 END AS issued_result,
            CASE WHEN f.received_at < $3 THEN 1 ELSE 0 END AS carried,
            v.on_time, v.overdue
        FROM dossier_facts f
        CROSS JOIN dossier_verdicts v
        WHERE f.received_at <= $1 AND (f.ended_at IS NULL OR f.ended_at > $1 OR f.ended_at >= $3)
            AND v.dossier_id = f.dossier_id AND v.province_code = f.province_code AND v.from_at <= $1
            AND (v.to_at IS NULL OR v.to_at > $1)
        """

    /// Per (unit, procedure), the counts of ``ChiSoCore/DossierFactCounts`` (its `satisfied` before complaints: see
    /// ``complainedDossiers``).
    public static let dossierCounts = Query(
        sql: """
            WITH period_dossiers AS (
            \(periodDossiers)
            )
            SELECT unit_code, procedure_code,
                COUNT(*) FILTER (WHERE carried = 1) AS carried_over,
                COUNT(*) FILTER (WHERE carried = 0) AS newly_received,
                COUNT(*) FILTER (WHERE resolved = 1 AND overdue = 0) AS resolved_on_time,
                COUNT(*) FILTER (WHERE resolved = 1 AND overdue = 1) AS resolved_overdue,
                COUNT(*) FILTER (WHERE resolved = 0 AND overdue = 0) AS open_not_due,
                COUNT(*) FILTER (WHERE resolved = 0 AND overdue = 1) AS open_overdue,
                COUNT(*) FILTER (WHERE on_time = 1) AS on_time,
                COUNT(*) FILTER (WHERE overdue = 0) AS not_overdue,
                COUNT(*) FILTER (WHERE resolved_with_result = 1) AS resolved_with_result,
                COUNT(*) FILTER (WHERE resolved_with_result = 1 AND e_result = 1) AS resolved_with_e_result,
                COUNT(*) FILTER (WHERE carried = 0 AND synced = 1) AS synced,
                COUNT(*) FILTER (WHERE carried = 0 AND online = 1) AS online,
                COUNT(*) FILTER (WHERE carried = 0 AND online = 1 AND (issued_result = 0 OR e_result = 1)) AS online_with_result_file,
                COUNT(*) FILTER (WHERE carried = 0 AND digitized = 1) AS digitized,
                COUNT(*) FILTER (WHERE carried = 0 AND digitized = 1 AND (issued_result = 0 OR e_result = 1)) AS digitized_with_result_file,
                COUNT(*) FILTER (WHERE carried = 0 AND reused = 1) AS reused,
                COUNT(*) FILTER (WHERE carried = 0 AND shared = 1) AS shared,
                COUNT(*) FILTER (WHERE carried = 0 AND citizen_data = 1) AS citizen_data,
                COUNT(*) FILTER (WHERE carried = 0 AND fee_data = 1) AS fee_data,
                COUNT(*) FILTER (WHERE carried = 0 AND paid_online = 1) AS paid_online,
                COUNT(*) FILTER (WHERE carried = 0 AND fees_all_zero = 0) AS fees_not_all_zero,
                COUNT(*) FILTER (WHERE carried = 0 AND fees_all_zero = 0 AND paid_online = 1) AS fees_not_all_zero_paid_online,
                COUNT(*) FILTER (WHERE paused_on_due_date = 1) AS paused_on_due_date,
                COUNT(*) FILTER (WHERE late_supplement_request = 1) AS late_supplement_request
            FROM period_dossiers
            GROUP BY unit_code, procedure_code
            """,
        parameters: [.judgedAt, .observedAt, .periodStart])

    /// Per (unit, procedure), the period's dossiers not overdue that a rating marks unsatisfied or a petition is about:
    /// not satisfied (``ChiSoCore/Indicator/dossierSatisfaction``). Driven by the few complaints, through `dossiers.code`.
    public static let complainedDossiers = Query(
        sql: """
            WITH period_dossiers AS (
            \(periodDossiers)
            ),
            complained AS (
                SELECT dossier_code FROM rating_facts WHERE unsatisfied = 1
                UNION
                SELECT dossier_code FROM petition_facts WHERE dossier_code IS NOT NULL
            )
            SELECT p.unit_code, p.procedure_code, COUNT(*) AS complained
            FROM complained c
            JOIN dossiers d ON d.code = c.dossier_code
            JOIN period_dossiers p ON p.dossier_id = d.id
            WHERE p.overdue = 0
            GROUP BY p.unit_code, p.procedure_code
            """,
        parameters: [.judgedAt, .observedAt, .periodStart])

    /// Per unit, the period's petitions (received by the instant of judgement `$1`, not answered before the period's
    /// start `$2`), those answered by their deadline or still within it, and those also satisfied.
    public static let petitionCounts = Query(
        sql: """
            SELECT unit_code, COUNT(*) AS petitions,
                COUNT(*) FILTER (WHERE on_time = 1) AS on_time,
                COUNT(*) FILTER (WHERE on_time = 1 AND satisfied_if_on_time = 1) AS satisfied
            FROM (
                SELECT p.unit_code, p.satisfied_if_on_time,
                    CASE WHEN p.resolved_at <= $1 THEN (CASE WHEN p.resolved_at <= p.deadline THEN 1 ELSE 0 END)
                        WHEN $1 <= p.deadline THEN 1 ELSE 0 END AS on_time
                FROM petition_facts p
                WHERE p.received_at <= $1 AND (p.resolved_at IS NULL OR p.resolved_at > $1 OR p.resolved_at >= $2)
            ) AS period_petitions
            GROUP BY unit_code
            """,
        parameters: [.judgedAt, .periodStart])

    /// The columns of ``dossierCounts`` after `unit_code, procedure_code`, in order, with the field each fills
    /// (immutable key paths, safe to share).
    nonisolated(unsafe) public static let dossierCountColumns: [(column: String, field: WritableKeyPath<DossierFactCounts, Int>)] = [
        ("carried_over", \.carriedOver), ("newly_received", \.newlyReceived), ("resolved_on_time", \.resolvedOnTime),
        ("resolved_overdue", \.resolvedOverdue), ("open_not_due", \.openNotDue), ("open_overdue", \.openOverdue), ("on_time", \.onTime),
        ("not_overdue", \.satisfied), ("resolved_with_result", \.resolvedWithResult), ("resolved_with_e_result", \.resolvedWithElectronicResult),
        ("synced", \.synced), ("online", \.online), ("online_with_result_file", \.onlineWithResultFile), ("digitized", \.digitized),
        ("digitized_with_result_file", \.digitizedWithResultFile), ("reused", \.reused), ("shared", \.shared), ("citizen_data", \.citizenData),
        ("fee_data", \.feeData), ("paid_online", \.paidOnline), ("fees_not_all_zero", \.feesNotAllZero),
        ("fees_not_all_zero_paid_online", \.feesNotAllZeroPaidOnline), ("paused_on_due_date", \.pausedOnDueDate),
        ("late_supplement_request", \.lateSupplementRequest),
    ]

    /// The values of a query's parameters for a period judged at `asOf`.
    public static func values(of query: Query, period: Period, asOf: Instant?) -> [Int64] {
        let (judgedAt, observedAt, start) = IndexAccumulator.judgingInstants(period: period, asOf: asOf)
        return query.parameters.map { p in
            switch p {
            case .judgedAt: return judgedAt.secondsSinceEpoch
            case .observedAt: return observedAt.secondsSinceEpoch
            case .periodStart: return start.secondsSinceEpoch
            }
        }
    }

    /// The counts of the three queries put together: each (unit, procedure)'s satisfied dossiers are its dossiers
    /// not overdue less those complained about.
    public static func merge(
        dossierCounts: [DossierFactCounts], complained: [(unitCode: String, procedureCode: String, count: Int)]
    ) -> [DossierFactCounts] {
        var out = dossierCounts
        let index = Dictionary(out.indices.map { (out[$0].unitCode + "\u{1F}" + out[$0].procedureCode, $0) }, uniquingKeysWith: { a, _ in a })
        for c in complained {
            if let i = index[c.unitCode + "\u{1F}" + c.procedureCode] { out[i].satisfied -= c.count }
        }
        return out
    }
}
