import ChiSoCore
import ChiSoReport
import ChiSoStore
import Hummingbird
import ServiceLifecycle

/// The query API (JSON) and the live stream. Every route but `/api/v1/public/…` needs a session; a unit
/// officer sees only the own unit and its children (403 for any other unit).
struct QueryController {
    let store: any ServerStore
    let index: IndexService

    static let routes: [RouteSpec] = [
        RouteSpec(
            .get, "/api/v1/units", "Danh mục đơn vị được phép xem", tag: "query", auth: .session, schema: OpenAPISchema.ref("UnitList")),
        RouteSpec(
            .get, "/api/v1/scores", "Điểm, xếp hạng, xếp loại theo kỳ và cấp (lược đồ chiso.score/1)", tag: "query", auth: .session,
            query: ["period", "level"], schema: OpenAPISchema.ref("Scores")),
        RouteSpec(
            .get, "/api/v1/units/{code}/indicators", "Các chỉ số của một đơn vị: tử số, mẫu số, tỷ lệ, điểm, chỉ tiêu", tag: "query", auth: .session,
            query: ["period"], schema: OpenAPISchema.ref("UnitIndicators")),
        RouteSpec(
            .get, "/api/v1/units/{code}/procedures", "Phân tích theo thủ tục hành chính của đơn vị", tag: "query", auth: .session, query: ["period"],
            schema: OpenAPISchema.ref("UnitProcedures")),
        RouteSpec(
            .get, "/api/v1/units/{code}/procedures/{procedure}", "Hồ sơ của một thủ tục tại đơn vị", tag: "query", auth: .session, query: ["period"],
            schema: OpenAPISchema.ref("ProcedureDossiers")),
        RouteSpec(
            .get, "/api/v1/targets", "Chỉ tiêu giao và kết quả thực hiện", tag: "query", auth: .session, query: ["period"],
            schema: OpenAPISchema.ref("Targets")),
        RouteSpec(
            .get, "/api/v1/overdue", "Hồ sơ đang xử lý quá hạn hoặc sắp đến hạn", tag: "query", auth: .session, query: ["within", "unit"],
            schema: OpenAPISchema.ref("Overdue")),
        RouteSpec(
            .get, "/api/v1/dossiers/{code}", "Tra cứu hồ sơ theo mã, kèm lịch sử", tag: "query", auth: .session, schema: OpenAPISchema.ref("Dossier")),
        RouteSpec(
            .get, "/api/v1/audit", "Nhật ký thay đổi dữ liệu và cấu hình (quản trị)", tag: "query", auth: .session, query: ["limit"],
            schema: OpenAPISchema.ref("Audit")),
        RouteSpec(
            .get, "/api/v1/quality",
            "Cảnh báo chất lượng dữ liệu theo đơn vị: hồ sơ của đơn vị chưa có trong danh mục (đang giữ), hồ sơ có hạn trả trước ngày tiếp nhận",
            tag: "query", auth: .session, schema: OpenAPISchema.ref("Quality")),
        RouteSpec(
            .get, "/api/v1/live", "Luồng sự kiện (server-sent events) thay đổi chỉ số của kỳ đang mở", tag: "live", auth: .session, query: ["limit"],
            produces: "text/event-stream"),
        RouteSpec(
            .get, "/api/v1/public/periods", "Các kỳ đã kết thúc được công khai", tag: "public", auth: .none,
            schema: OpenAPISchema.ref("PublicPeriods")),
        RouteSpec(
            .get, "/api/v1/public/scores", "Điểm công khai của một kỳ đã kết thúc", tag: "public", auth: .none, query: ["period", "level"],
            schema: OpenAPISchema.ref("Scores"), answers: [.badQuery, .error(.forbidden, "Kỳ chưa kết thúc, số liệu chưa được công khai")]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/units") { _, context in
            let access = try await access(context)
            let catalogue = try await index.currentCatalogue()
            return try Response.json(catalogue.units.filter { access.allows($0.code) }.map(UnitAnswer.init))
        }
        router.get("/api/v1/scores") { request, context in
            let access = try await access(context)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let levels = try PeriodQuery.levels(request)
            // The rendered document is kept until the figures change (one per period, levels and visible units).
            let version = await index.dataVersion
            let visible = access.units.map { $0.sorted().joined(separator: ",") } ?? "*"
            let key = "scores|\(period)|\(levels.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all")|\(visible)"
            if let text = await index.renderedText(key, version: version) { return Response.jsonText(text) }
            let board = try await index.scoreboard(period, levels: levels)
            let text = try JSONOutput.text(ScoresDocument(board, including: { access.allows($0.unit.code) }))
            await index.keepRendered(text, key: key, version: version)
            return Response.jsonText(text)
        }
        router.get("/api/v1/units/{code}/indicators") { request, context in
            let access = try await access(context)
            let code = try context.pathParameter("code")
            try access.require(code)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let board = try await index.scoreboard(period)
            guard let entry = board.entries.first(where: { $0.unit.code == code }) else {
                throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong kỳ \(period).")
            }
            return try Response.json(
                UnitIndicatorsAnswer(period: period.description, asOf: board.asOf.iso8601, unit: ScoresDocument.UnitEntry(entry)))
        }
        router.get("/api/v1/units/{code}/procedures") { request, context in
            let access = try await access(context)
            let code = try context.pathParameter("code")
            try access.require(code)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let units = Set(try await index.currentCatalogue().subtree(of: code))
            let figures = try await index.procedureFigures(units: units, period: period)
            return try Response.json(
                UnitProceduresAnswer(unit: code, period: period.description, procedures: figures.map(ProcedureFiguresAnswer.init)))
        }
        router.get("/api/v1/units/{code}/procedures/{procedure}") { request, context in
            let access = try await access(context)
            let code = try context.pathParameter("code")
            let procedure = try context.pathParameter("procedure")
            try access.require(code)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let units = Set(try await index.currentCatalogue().subtree(of: code))
            let list = try await index.procedureDossiers(units: units, period: period, procedure: procedure)
            return try Response.json(
                ProcedureDossiersAnswer(
                    unit: code, procedure: procedure, period: period.description,
                    dossiers: list.map { d, v in
                        ProcedureDossiersAnswer.Item(
                            code: d.code, unitCode: d.unitCode, receivedAt: d.receivedAt.iso8601, deadline: v.deadline?.iso8601,
                            outcome: v.outcome.rawValue)
                    }))
        }
        router.get("/api/v1/targets") { request, context in
            let access = try await access(context)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let board = try await index.scoreboard(period)
            return try Response.json(
                TargetsAnswer(
                    period: period.description,
                    targets: board.entries.filter { access.allows($0.unit.code) }.flatMap { e in
                        e.targets.map { TargetsAnswer.Item(unit: e.unit.code, unitName: e.unit.name, result: ScoresDocument.Target($0)) }
                    },
                    unitsMissingTargets: board.missingTargets.filter { access.allows($0.unit.code) }.map(\.unit.code)))
        }
        router.get("/api/v1/overdue") { request, context in
            let access = try await access(context)
            let within = request.uri.queryParameters.get("within", as: Int.self) ?? 3
            var units = access.units
            if let unit = request.uri.queryParameters.get("unit") {
                try access.require(unit)
                units = Set(try await index.currentCatalogue().subtree(of: unit))
            }
            let items = try await index.overdue(units: units, within: max(0, min(within, 60)))
            return try Response.json(OverdueAnswer(asOf: index.now.iso8601, dossiers: items.map(OverdueAnswer.Item.init)))
        }
        router.get("/api/v1/dossiers/{code}") { _, context in
            let access = try await access(context)
            let code = try context.pathParameter("code")
            guard let dossier = try await store.dossier(code: code), access.allows(dossier.unitCode) else {
                throw HTTPError(.notFound, message: "Không tìm thấy hồ sơ \(code).")
            }
            let catalogue = try await index.currentCatalogue()
            let verdict = Judge.judge(
                dossier, statutoryTime: catalogue.procedure(dossier.procedureCode)?.statutoryTime, asOf: index.now, calendar: index.calendar)
            let events = try await store.events(dossierCode: code)
            return try Response.json(
                DossierAnswer(
                    code: dossier.code, unitCode: dossier.unitCode, procedureCode: dossier.procedureCode, channel: dossier.channel.rawValue,
                    state: dossier.state.rawValue, receivedAt: dossier.receivedAt.iso8601, dueAt: dossier.dueAt?.iso8601,
                    verdict: DossierAnswer.VerdictAnswer(
                        outcome: verdict.outcome.rawValue, reason: verdict.reason.rawValue, deadline: verdict.deadline?.iso8601),
                    events: events.map(DossierAnswer.Event.init)))
        }
        router.get("/api/v1/audit") { request, context in
            let access = try await access(context)
            guard access.isAdmin else { throw HTTPError(.forbidden, message: "Chỉ quản trị viên được xem nhật ký.") }
            let limit = max(1, min(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1000))
            let entries = try await store.auditLog(limit: limit)
            return try Response.json(entries.map(AuditAnswer.init))
        }
        router.get("/api/v1/quality") { _, context in
            let access = try await access(context)
            // Units not in the catalogue belong to no officer's subtree: only province-wide roles see them.
            let findings = try await store.dataQuality().filter { access.allows($0.unitCode) }
            return try Response.json(
                findings.map { f in
                    QualityAnswer(
                        unit: f.unitCode, unitKnown: f.unitKnown, dossiers: f.dossiers, held: f.unitKnown ? 0 : f.dossiers,
                        deadlineBeforeReception: f.deadlineBeforeReception, deadlineBeforeReceptionCodes: f.deadlineBeforeReceptionSamples)
                })
        }
        router.get("/api/v1/live") { request, context in
            let access = try await access(context)
            let limit = max(1, min(request.uri.queryParameters.get("limit", as: Int.self) ?? Int.max, Int.max))
            let stream = index.subscribe()
            let hello = try await index.snapshot()
            let filter = access.units
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    let first = hello.line(visible: filter, keepEmpty: true) ?? "{}"
                    try await writer.write(ByteBuffer(string: "retry: 5000\nevent: snapshot\ndata: \(first)\n\n"))
                    var sent = 1
                    // The stream ends on graceful shutdown (the server waits for open requests before the live
                    // clock stops, so the clock cannot end it first).
                    try await withGracefulShutdownHandler {
                        for await event in stream {
                            guard sent < limit else { break }
                            guard let text = event.line(visible: filter) else {
                                // Nothing for this subscriber: a comment line keeps the connection alive and finds
                                // clients that went away.
                                try await writer.write(ByteBuffer(string: ": \n\n"))
                                continue
                            }
                            try await writer.write(ByteBuffer(string: "event: update\ndata: \(text)\n\n"))
                            sent += 1
                            if sent >= limit { break }
                        }
                    } onGracefulShutdown: {
                        index.shutdownLive()
                    }
                    try await writer.finish(nil)
                })
        }
        router.get("/api/v1/public/periods") { _, _ in
            let periods = PublicPeriods.list(now: index.now)
            return try Response.json(periods.map { PublicPeriodAnswer(period: $0.description, name: $0.vietnameseName) })
        }
        router.get("/api/v1/public/scores") { request, _ in
            let period = try PeriodQuery.period(request, default: PublicPeriods.list(now: index.now).first!)
            guard index.isClosed(period) else {
                throw HTTPError(.forbidden, message: "Kỳ \(period.vietnameseName) chưa kết thúc, số liệu chưa được công khai.")
            }
            let board = try await index.scoreboard(period, levels: try PeriodQuery.levels(request))
            return try Response.json(ScoresDocument(board))
        }
    }

    private func access(_ context: AppRequestContext) async throws -> Access {
        let session = try context.requireSession()
        return Access(session: session, catalogue: try await index.currentCatalogue())
    }
}

extension Scoreboard {
    /// Units without any assigned target in the period.
    var missingTargets: [Entry] { entries.filter { $0.targets.isEmpty && !$0.figures.hasNoDossiers } }
}
