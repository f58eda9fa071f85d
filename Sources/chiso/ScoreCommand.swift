import ArgumentParser
import ChiSoCore
import ChiSoIngest

/// `chiso score`: the index for every unit of a level, ranked, with classification and changes.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Tính điểm Bộ chỉ số cho mọi đơn vị, xếp hạng, xếp loại và so sánh với kỳ trước.",
        discussion: """
            Nguồn dữ liệu: --counts FILE (số liệu tử số/mẫu số theo đơn vị), hoặc --dossiers FILE --units FILE \
            --procedures FILE [--petitions FILE] [--ratings FILE] (hồ sơ DVCQG dạng JSON hoặc JSON lines).
            Kỳ: 2026-08, 2026-Q3, 2026-H1, 2026-9M, 2026 hoặc 2026-08-01..2026-08-15.
            """
    )

    @Option(help: "Kỳ báo cáo.") var period: String
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
    @Option(help: "Cấp xếp hạng: province, department, district, commune, other hoặc all.") var level = "all"
    @Option(help: "Bộ phương pháp tính điểm: qd766-2026, province-linear hoặc đường dẫn tệp YAML.") var methodology = "qd766-2026"
    @Option(help: "Tệp lịch ngày làm việc (YAML); mặc định lịch chính thức kèm theo.") var calendar: String?
    @Option(help: "Tệp chỉ tiêu giao (CSV), hoặc ví dụ kèm theo: binh-phuoc-2024, binh-dinh-2024.") var targets: String?
    @Option(help: "Định dạng: table, json hoặc csv.") var format = "table"
    @Flag(help: "Chỉ tính hồ sơ của chính đơn vị, không cộng đơn vị cấp dưới.") var ownOnly = false

    func validate() throws {
        guard Period(period) != nil else { throw ValidationError("kỳ không hợp lệ: \(period)") }
        guard ScoreFormat(rawValue: format) != nil else { throw ValidationError("định dạng không hợp lệ: \(format) (table, json, csv)") }
        guard level == "all" || Unit.Kind(rawValue: level) != nil else { throw ValidationError("cấp không hợp lệ: \(level)") }
        if let asOf, Instant(argument: asOf) == nil { throw ValidationError("thời điểm không hợp lệ: \(asOf)") }
        if counts == nil {
            guard !dossiers.isEmpty, units != nil, procedures != nil else {
                throw ValidationError("cần --counts FILE, hoặc --dossiers FILE --units FILE --procedures FILE")
            }
        } else if !dossiers.isEmpty {
            throw ValidationError("chỉ dùng một nguồn: --counts hoặc --dossiers")
        }
    }

    func run() throws {
        let period = Period(period)!
        let methodology = try MethodologyFile.resolve(methodology)
        let calendar = try calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        let levels = level == "all" ? nil : Set([Unit.Kind(rawValue: level)!])
        let targets = try Inputs.targets(targets)
        var issues = targets.issues
        let board: Scoreboard
        if let counts {
            let rows = try Inputs.counts(counts)
            issues += rows.issues
            let aggregation = try CountsAggregation.make(rows.records, period: period)
            board = Scoreboard(methodology: methodology, current: aggregation, targets: targets.records, levels: levels)
        } else {
            let units = try Inputs.units(units!)
            let procedures = try Inputs.procedures(procedures!)
            let dossiers = try Inputs.dossiers(dossiers)
            let petitions = try Inputs.petitions(petitions)
            let ratings = try Inputs.ratings(ratings)
            issues += units.issues
            issues += procedures.issues
            issues += dossiers.issues
            issues += petitions.issues
            issues += ratings.issues
            let catalogue = try Catalogue(units: units.records, procedures: procedures.records)
            let now = asOf.flatMap(Instant.init(argument:)) ?? Instant.now
            func aggregate(_ p: Period) -> Aggregation {
                IndexAccumulator.aggregate(
                    catalogue: catalogue, dossiers: dossiers.records, petitions: petitions.records, ratings: ratings.records, period: p,
                    asOf: now, calendar: calendar, includeChildren: !ownOnly)
            }
            let current = aggregate(period)
            // An earlier period with no dossier at all in the data is not compared with.
            let previous = aggregate(period.previous)
            let lastYear = aggregate(period.sameLastYear)
            board = Scoreboard(
                methodology: methodology, current: current, previous: previous.hasNoDossiers ? nil : previous,
                sameLastYear: lastYear.hasNoDossiers ? nil : lastYear, targets: targets.records, levels: levels)
            if current.unknownUnitDossiers > 0 {
                var err = StandardError()
                print("Cảnh báo: \(current.unknownUnitDossiers) hồ sơ có đơn vị xử lý không có trong danh mục đơn vị, không được tính.", to: &err)
            }
        }
        reportIssues(issues)
        print(board.rendered(as: ScoreFormat(rawValue: format)!), terminator: "")
    }
}

/// Builds an aggregation from unit-level counts (the `--counts` source).
enum CountsAggregation {
    static func make(_ rows: [CountRow], period: Period) throws -> Aggregation {
        var units: [String: Unit] = [:]
        var order: [String] = []
        for row in rows where units[row.unit.code] == nil {
            units[row.unit.code] = row.unit
            order.append(row.unit.code)
        }
        // Parents named but not listed are left out of the tree rather than invented.
        let known = Set(order)
        let list = order.map { code -> Unit in
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
