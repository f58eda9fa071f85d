import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoStore

/// The data a scoring command reads: unit-level counts, dossiers with their catalogue from files, or the
/// database (when neither --counts nor --dossiers is given), for a period.
struct DataSourceOptions: ParsableArguments {
    @Option(help: "Kỳ báo cáo: 2026-08, 2026-Q3, 2026-H1, 2026-9M, 2026 hoặc 2026-08-01..2026-08-15.") var period: String
    @Option(help: "Tệp số liệu theo đơn vị (CSV unit_code,unit_name,unit_kind,parent_code,indicator,numerator,denominator).")
    var counts: String?
    @Option(parsing: .upToNextOption, help: "Tệp hồ sơ DongBoHoSoMC (JSON hoặc JSON lines); có thể nhiều tệp.")
    var dossiers: [String] = []
    @Option(help: "Tệp danh mục đơn vị (CSV).") var units: String?
    @Option(help: "Tệp danh mục TTHC (CSV).") var procedures: String?
    @Option(help: "Tệp phản ánh, kiến nghị (CSV).") var petitions: String?
    @Option(help: "Tệp đánh giá mức độ hài lòng (CSV).") var ratings: String?
    @Option(help: "Thời điểm chấm hồ sơ đang xử lý (mặc định: cuối kỳ, hoặc hiện tại nếu kỳ chưa kết thúc).")
    var asOf: String?
    @Option(help: "Bộ phương pháp tính điểm: qd766-2026, province-linear hoặc đường dẫn tệp YAML.") var methodology = "qd766-2026"
    @Option(help: "Tệp lịch ngày làm việc (YAML); mặc định lịch chính thức kèm theo.") var calendar: String?
    @Option(help: "Tệp chỉ tiêu giao (CSV), hoặc ví dụ kèm theo: binh-phuoc-2024, binh-dinh-2024.") var targets: String?
    @Flag(help: "Chỉ tính hồ sơ của chính đơn vị, không cộng đơn vị cấp dưới.") var ownOnly = false
    @Option(help: Database.optionHelp) var db: String?
    @Option(help: Database.postgresHelp) var postgres: String?

    /// Whether the data come from the database (neither --counts nor --dossiers given).
    var readsDatabase: Bool { counts == nil && dossiers.isEmpty }

    func validate() throws {
        guard Period(period) != nil else { throw ValidationError("kỳ không hợp lệ: \(period)") }
        if let asOf, Instant(argument: asOf) == nil { throw ValidationError("thời điểm không hợp lệ: \(asOf)") }
        if readsDatabase {
            guard units == nil, procedures == nil, petitions == nil, ratings == nil else {
                throw ValidationError(
                    "--units, --procedures, --petitions, --ratings chỉ dùng cùng --dossiers; không có --dossiers thì dữ liệu được đọc từ cơ sở dữ liệu"
                )
            }
        } else if counts == nil {
            guard !dossiers.isEmpty, units != nil, procedures != nil else {
                throw ValidationError("cần --counts FILE, hoặc --dossiers FILE --units FILE --procedures FILE")
            }
        } else if !dossiers.isEmpty {
            throw ValidationError("chỉ dùng một nguồn: --counts hoặc --dossiers")
        }
    }

    /// Everything read and computed for the period: the current, previous and same-last-year aggregations.
    struct Loaded {
        let methodology: Methodology
        let calendar: WorkCalendar
        let current: Aggregation
        /// Nil when the data hold no dossier for that period.
        let previous: Aggregation?
        let sameLastYear: Aggregation?
        let targets: [Target]
        /// Records that could not be read, with their reasons.
        let issues: [IngestIssue]
        /// The first day a loaded dossier was received on (the documents' caveat on partly covered periods).
        var dataFrom: LocalDate? = nil

        /// The scoreboard of the given levels (all when nil).
        func scoreboard(levels: Set<ChiSoCore.Unit.Kind>? = nil) -> Scoreboard {
            Scoreboard(methodology: methodology, current: current, previous: previous, sameLastYear: sameLastYear, targets: targets, levels: levels)
        }
    }

    /// Reads the files and aggregates; rejected records are returned as issues, never fatal.
    func load() throws -> Loaded {
        let period = Period(period)!
        let methodology = try MethodologyFile.resolve(methodology)
        let calendar = try calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        var targets = try Inputs.targets(targets)
        var issues = targets.issues
        let now = asOf.flatMap(Instant.init(argument:)) ?? Instant.now
        if let counts {
            let rows = try Inputs.counts(counts)
            issues += rows.issues
            let current = try CountsAggregation.make(rows.records, period: period)
            try PeriodRefusal.check(current, now: now)
            return Loaded(
                methodology: methodology, calendar: calendar, current: current, previous: nil, sameLastYear: nil, targets: targets.records,
                issues: issues)
        }
        let aggregate: (Period) throws -> Aggregation
        var dataFrom: LocalDate?
        if readsDatabase {
            let basis = JudgingBasis(calendar: calendar)
            let includeChildren = !ownOnly
            if Database.postgresURL(postgres) == nil {
                // The database aggregates its judged facts: memory does not grow with the dossiers.
                let store = try Database.openExistingSQLite(db)
                if self.targets == nil { targets = .init(records: try store.targetsBlocking()) }
                dataFrom = try store.firstReceptionBlocking()?.localDate
                aggregate = { p in try store.aggregateBlocking(period: p, asOf: now, basis: basis, includeChildren: includeChildren) }
            } else {
                // One connection for the three periods compared (opening a store checks its migrations and basis).
                let (db, postgres) = (self.db, self.postgres)
                let periods = [period, period.previous, period.sameLastYear]
                let stored = try Database.withStoreBlocking(db: db, postgres: postgres) { store in
                    var aggregations: [Period: Aggregation] = [:]
                    for p in periods {
                        aggregations[p] = try await store.aggregate(period: p, asOf: now, basis: basis, includeChildren: includeChildren)
                    }
                    return (targets: try await store.targets(), first: try await store.firstReception(), aggregations: aggregations)
                }
                if self.targets == nil { targets = .init(records: stored.targets) }
                dataFrom = stored.first?.localDate
                aggregate = { p in stored.aggregations[p]! }
            }
        } else {
            let records = try self.records(for: [period, period.previous, period.sameLastYear], now: now)
            issues += records.issues
            dataFrom = records.dossiers.lazy.map(\.receivedAt).min()?.localDate
            let catalogue = records.catalogue
            let (dossiers, petitions, ratings) = (records.dossiers, records.petitions, records.ratings)
            aggregate = { p in
                IndexAccumulator.aggregate(
                    catalogue: catalogue, dossiers: dossiers, petitions: petitions, ratings: ratings, period: p,
                    asOf: now, calendar: calendar, includeChildren: !ownOnly)
            }
        }
        let current = try aggregate(period)
        try PeriodRefusal.check(current, now: now)
        if current.unknownUnitDossiers > 0 {
            var err = StandardError()
            print("Cảnh báo: \(current.unknownUnitDossiers) hồ sơ có đơn vị xử lý không có trong danh mục đơn vị, không được tính.", to: &err)
        }
        // An earlier period with no dossier at all in the data is not compared with.
        let previous = try aggregate(period.previous)
        let lastYear = try aggregate(period.sameLastYear)
        return Loaded(
            methodology: methodology, calendar: calendar, current: current, previous: previous.hasNoDossiers ? nil : previous,
            sameLastYear: lastYear.hasNoDossiers ? nil : lastYear, targets: targets.records, issues: issues,
            dataFrom: dataFrom)
    }

    /// The dossiers and their catalogue, from files or the database, for the given periods.
    struct Records {
        let catalogue: Catalogue
        let dossiers: [Dossier]
        let petitions: [Petition]
        let ratings: [Rating]
        /// The targets held in the database (empty for files).
        let targets: [Target]
        let issues: [IngestIssue]
    }

    /// Reads the dossiers relevant to any of the periods, judged no later than `now`, with their catalogue.
    func records(for periods: [Period], now: Instant) throws -> Records {
        let units: LoadedRecords<ChiSoCore.Unit>
        let procedures: LoadedRecords<Procedure>
        let dossiers: LoadedRecords<Dossier>
        let petitions: LoadedRecords<Petition>
        let ratings: LoadedRecords<Rating>
        var targets: [Target] = []
        if readsDatabase {
            // The dossiers relevant to any of the periods, filtered in SQL; the aggregation then applies each
            // period's own rule, exactly as with files.
            let start = min(periods.map(\.startInstant).min()!, now)
            let end = periods.map(\.endInstant).max()!
            let data = try Database.scoringDataBlocking(db: db, postgres: postgres, receivedBefore: end, notEndedBefore: start)
            units = .init(records: data.catalogue.units)
            procedures = .init(records: data.catalogue.procedures)
            dossiers = .init(records: data.dossiers)
            petitions = .init(records: data.petitions)
            ratings = .init(records: data.ratings)
            targets = data.targets
        } else {
            units = try Inputs.units(self.units!)
            procedures = try Inputs.procedures(self.procedures!)
            dossiers = try Inputs.dossiers(self.dossiers)
            petitions = try Inputs.petitions(self.petitions)
            ratings = try Inputs.ratings(self.ratings)
        }
        let issues = units.issues + procedures.issues + dossiers.issues + petitions.issues + ratings.issues
        return Records(
            catalogue: try Catalogue(units: units.records, procedures: procedures.records), dossiers: dossiers.records,
            petitions: petitions.records, ratings: ratings.records, targets: targets, issues: issues)
    }
}

/// Builds an aggregation from unit-level counts (the `--counts` source).
enum CountsAggregation {
    static func make(_ rows: [CountRow], period: Period) throws -> Aggregation {
        var units: [String: ChiSoCore.Unit] = [:]
        var order: [String] = []
        for row in rows where units[row.unit.code] == nil {
            units[row.unit.code] = row.unit
            order.append(row.unit.code)
        }
        // Parents named but not listed are left out of the tree rather than invented.
        let known = Set(order)
        let list = order.map { code -> ChiSoCore.Unit in
            var u = units[code]!
            if let p = u.parentCode, !known.contains(p) { u.parentCode = nil }
            return u
        }
        _ = try Catalogue(units: list, procedures: [])  // rejects duplicate codes and cycles
        var figures: [String: IndicatorCounts] = [:]
        for row in rows { figures[row.unit.code, default: IndicatorCounts()][row.indicator] = row.count }
        return Aggregation(period: period, figures: list.map { UnitFigures(unit: $0, counts: figures[$0.code] ?? IndicatorCounts()) })
    }
}

/// The records read from one kind of input (the file-scope ``Loaded``, which `DataSourceOptions.Loaded` hides).
typealias LoadedRecords<Record> = Loaded<Record>
