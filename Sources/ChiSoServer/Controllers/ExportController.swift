import ChiSoCore
import ChiSoReport
import ChiSoStore
import Hummingbird

/// Exports of what the pages show (issue 11 part 3): the rankings, a unit's indicators with their counts, and the
/// overdue list, as Excel (numbers stored as numbers) or CSV, through ChiSoReport's writers.
struct ExportController {
    let index: IndexService

    enum Format: String, CaseIterable {
        case xlsx, csv

        var contentType: String {
            switch self {
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .csv: return "text/csv; charset=utf-8"
            }
        }
    }

    static func route(_ path: String, _ summary: String, query: [String]) -> RouteSpec {
        RouteSpec(
            .get, path, summary, tag: "exports", auth: .session, query: query + ["format"], values: ["format": Format.allCases.map(\.rawValue)],
            produces: Format.xlsx.contentType,
            answers: [
                RouteAnswer(
                    200, "Tệp Excel (số lưu dạng số) hoặc CSV (UTF-8, có BOM)",
                    [
                        (Format.xlsx.contentType, .object([("type", .string("string")), ("format", .string("binary"))])),
                        ("text/csv", OpenAPISchema.string),
                    ])
            ])
    }

    static let routes: [RouteSpec] = [
        route("/api/v1/exports/rankings", "Tải bảng xếp hạng các đơn vị theo kỳ và cấp (Excel hoặc CSV)", query: ["period", "level"]),
        route("/api/v1/exports/units/{code}/indicators", "Tải bảng chỉ số của một đơn vị, có tử số, mẫu số (Excel hoặc CSV)", query: ["period"]),
        route("/api/v1/exports/overdue", "Tải danh sách hồ sơ quá hạn và sắp đến hạn (Excel hoặc CSV)", query: ["within", "unit"]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/exports/rankings") { request, context in
            let access = try await access(context)
            let format = try Self.format(request)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let board = try await index.scoreboard(period, levels: try PeriodQuery.levels(request))
            return try Self.file(Self.rankings(board, visible: access), format: format, name: "xep-hang-\(period)")
        }
        router.get("/api/v1/exports/units/{code}/indicators") { request, context in
            let access = try await access(context)
            let code = try context.pathParameter("code")
            try access.require(code)
            let format = try Self.format(request)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let board = try await index.scoreboard(period)
            guard let entry = board.entries.first(where: { $0.unit.code == code }) else {
                throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong kỳ \(period).")
            }
            return try Self.file(Self.indicators(entry, period: period), format: format, name: "chi-so-\(code)-\(period)")
        }
        router.get("/api/v1/exports/overdue") { request, context in
            let access = try await access(context)
            let format = try Self.format(request)
            let within = max(0, min(request.uri.queryParameters.get("within", as: Int.self) ?? 3, 60))
            var units = access.units
            if let unit = request.uri.queryParameters.get("unit") {
                try access.require(unit)
                units = Set(try await index.currentCatalogue().subtree(of: unit))
            }
            let catalogue = try await index.currentCatalogue()
            let items = try await index.overdue(units: units, within: within)
            return try Self.file(Self.overdue(items, catalogue: catalogue, within: within), format: format, name: "qua-han")
        }
    }

    private func access(_ context: AppRequestContext) async throws -> Access {
        Access(session: try context.requireSession(), catalogue: try await index.currentCatalogue())
    }

    static func format(_ request: Request) throws -> Format {
        let text = request.uri.queryParameters.get("format") ?? "xlsx"
        guard let format = Format(rawValue: text) else { throw HTTPError(.badRequest, message: "Định dạng không hợp lệ: \(text) (xlsx, csv).") }
        return format
    }

    static func file(_ table: ReportTable, format: Format, name: String) throws -> Response {
        let bytes = format == .xlsx ? try XLSXWriter.data(tables: [table]) : CSVWriter.data(table)
        var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        response.headers[.contentType] = format.contentType
        response.headers[.contentDisposition] = "attachment; filename=\"\(name).\(format.rawValue)\""
        return response
    }

    /// The rankings of every level shown: level, rank, unit, points per group, total, classification.
    static func rankings(_ board: Scoreboard, visible access: Access) -> ReportTable {
        let entries = board.entries.filter { access.allows($0.unit.code) }
        let groups = board.methodology.groups
        let rows = entries.map { e in
            ReportRow(
                [
                    ReportCell(.text(e.unit.kind.levelName)), ReportCell(.integer(e.ranked.rank)), ReportCell(.text(e.unit.code)),
                    ReportCell(.text(e.unit.name)),
                ]
                    + groups.map { g in ReportCell(.decimal(e.score.group(g.id)?.points ?? 0, places: 2)) }
                    + [ReportCell(.decimal(e.score.total, places: 2)), ReportCell(.text(e.score.classificationLabel))])
        }
        let header =
            ["Cấp", "Hạng", "Mã đơn vị", "Đơn vị"] + groups.map { "\($0.name) (\(Decimal2.vietnamese($0.max)))" } + ["Tổng điểm", "Xếp loại"]
        return ReportTable(
            title: "Xếp hạng các đơn vị \(board.period.vietnameseName)", sheetName: "Xếp hạng",
            columns: header.map { _ in ReportTableColumn() }, headerRows: [header.map { ReportHeaderCell($0) }], rows: rows)
    }

    /// A unit's indicators with numerator, denominator, rate, points and target, as on its page.
    static func indicators(_ e: Scoreboard.Entry, period: Period) -> ReportTable {
        var rows: [ReportRow] = []
        for g in e.score.groups {
            for s in g.indicators {
                let target = e.targets.first { $0.target.indicator == s.indicator }
                rows.append(
                    ReportRow([
                        ReportCell(.text(g.name)), ReportCell(.text(s.name)), ReportCell(.integer(s.count.numerator)),
                        ReportCell(.integer(s.count.denominator)), ReportCell(s.rate.map { .decimal($0, places: 2) } ?? .null),
                        ReportCell(.decimal(s.points, places: 2)), ReportCell(.decimal(s.max, places: 2)),
                        ReportCell(target.map { .decimal($0.target.percent, places: 2) } ?? .null),
                        ReportCell(.text(target?.met.map { $0 ? "Đạt" : "Chưa đạt" } ?? "-")),
                    ]))
            }
        }
        let header = ["Nhóm chỉ số", "Chỉ số", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm", "Điểm tối đa", "Chỉ tiêu giao (%)", "Kết quả chỉ tiêu"]
        return ReportTable(
            title: "Các chỉ số của \(e.unit.name) \(period.vietnameseName)", sheetName: "Chỉ số",
            columns: header.map { _ in ReportTableColumn() }, headerRows: [header.map { ReportHeaderCell($0) }], rows: rows)
    }

    /// Open dossiers overdue or due within `within` working days.
    static func overdue(_ items: [OverdueItem], catalogue: Catalogue, within: Int) -> ReportTable {
        let rows = items.map { o in
            ReportRow([
                ReportCell(.text(o.dossier.code)), ReportCell(.text(o.dossier.unitCode)),
                ReportCell(.text(catalogue.unit(o.dossier.unitCode)?.name ?? "")),
                ReportCell(.text(o.dossier.procedureCode)), ReportCell(.text(o.procedureName)), ReportCell(.text(o.dossier.receivedAt.vietnamese)),
                ReportCell(.text(o.deadline.vietnamese)), ReportCell(.text(o.overdue ? "Quá hạn" : "Sắp đến hạn")),
                ReportCell(.integer(o.workingDays)),
            ])
        }
        let header = [
            "Mã hồ sơ", "Mã đơn vị", "Đơn vị", "Mã thủ tục", "Thủ tục", "Tiếp nhận", "Hạn xử lý", "Tình trạng",
            "Số ngày làm việc quá hạn hoặc còn lại",
        ]
        return ReportTable(
            title: "Hồ sơ quá hạn và sắp đến hạn (trong \(within) ngày làm việc)", sheetName: "Quá hạn",
            columns: header.map { _ in ReportTableColumn() }, headerRows: [header.map { ReportHeaderCell($0) }], rows: rows)
    }
}
