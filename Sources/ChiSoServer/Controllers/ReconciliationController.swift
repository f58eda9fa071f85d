import ChiSoCore
import ChiSoIngest
import ChiSoReport
import ChiSoStore
import Hummingbird

/// The national portal's snapshots and the reconciliation with ChiSo's figures (DOMAIN §7): the API, the page
/// per period, the portal's figures on the unit page, and the reconciliation report for download.
struct ReconciliationController {
    let store: any ServerStore
    let index: IndexService
    let configuration: ChiSoConfiguration

    static let routes: [RouteSpec] = [
        RouteSpec(
            .get, "/api/v1/national/snapshots", "Các bản trích xuất số liệu của Cổng DVCQG (theo kỳ nếu có period)", tag: "national", auth: .session,
            query: ["period"], schema: OpenAPISchema.ref("NationalSnapshotList")),
        RouteSpec(
            .get, "/api/v1/national/snapshots/{id}", "Số liệu của một bản trích xuất Cổng DVCQG: đơn vị, nhóm, chỉ số, xếp hạng tỉnh",
            tag: "national",
            auth: .session, schema: OpenAPISchema.ref("NationalSnapshot")),
        RouteSpec(
            .get, "/api/v1/reconciliation", "Đối chiếu số liệu Cổng DVCQG với số liệu tính từ hồ sơ (lược đồ chiso.reconcile/1)", tag: "national",
            auth: .session, query: ["period", "snapshot"], schema: OpenAPISchema.ref("Reconciliation")),
        RouteSpec(
            .get, "/api/v1/reconciliation/document", "Tải báo cáo đối chiếu dạng DOCX, XLSX hoặc HTML", tag: "documents", auth: .session,
            query: ["period", "snapshot", "format"], produces: DocumentFiles.Format.docx.contentType),
        RouteSpec(
            .get, "/doi-chieu", "Trang đối chiếu số liệu với Cổng DVCQG theo kỳ", tag: "pages", auth: .session, query: ["period"],
            produces: "text/html",
            answers: [
                .seeOther("Chưa đăng nhập: tới trang đăng nhập"), .page(.forbidden, "Cán bộ đơn vị không xem số liệu toàn tỉnh"), .badQuery,
            ]),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/national/snapshots") { request, context in
            try provinceOffice(context)
            let period = try request.uri.queryParameters.get("period").map { _ in try PeriodQuery.period(request, default: index.openPeriod) }
            let list = try await store.nationalSnapshots(period: period)
            return try Response.json(list.map(NationalSnapshotInfoAnswer.init))
        }
        router.get("/api/v1/national/snapshots/{id}") { _, context in
            try provinceOffice(context)
            let text = try context.parameters.require("id")
            guard let id = Int64(text), let stored = try await store.nationalSnapshot(id: NationalSnapshotID(rawValue: id)) else {
                throw HTTPError(.notFound, message: "Không có bản trích xuất số \(text).")
            }
            return try Response.json(NationalSnapshotAnswer(stored))
        }
        router.get("/api/v1/reconciliation") { request, context in
            try provinceOffice(context)
            let r = try await reconciliation(request)
            return try Response.json(ReconcileDocument(r.reconciliation))
        }
        router.get("/api/v1/reconciliation/document") { request, context in
            try provinceOffice(context)
            let formatText = request.uri.queryParameters.get("format") ?? "docx"
            guard let format = DocumentFiles.Format(rawValue: formatText) else {
                throw HTTPError(.badRequest, message: "Định dạng không hợp lệ: \(formatText) (docx, xlsx, html).")
            }
            let r = try await reconciliation(request)
            let settings = try await DocumentController(index: index, configuration: configuration).issuer()
            let composed = DocumentFiles.composeReconciliation(r.reconciliation, settings: settings)
            var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try composed.bytes(format))))
            response.headers[.contentType] = format.contentType
            response.headers[.contentDisposition] = "attachment; filename=\"\(composed.stem).\(format.rawValue)\""
            return response
        }
        router.get("/doi-chieu") { request, context in
            guard let session = context.session else {
                return Response(status: .seeOther, headers: [.location: "/dang-nhap?next=" + HTML.query(request.uri.path)])
            }
            guard session.user.role != .unit else {
                return .html(
                    HTML.page(
                        title: "Không có quyền", user: session.user.username, csrf: session.csrfToken,
                        body: "<h2>Không có quyền truy cập</h2><p>Trang đối chiếu toàn tỉnh chỉ dành cho Văn phòng UBND tỉnh và quản trị viên.</p>"),
                    status: .forbidden)
            }
            let period = try PeriodQuery.period(request, default: index.openPeriod.previous)
            let body: String
            do {
                let r = try await reconciliation(request, period: period)
                body = ReconciliationPage.body(r.reconciliation, snapshotID: r.id.rawValue, periods: periodChoices(), selected: period)
            } catch let error as HTTPError where error.status == .notFound {
                body =
                    "<h2>Đối chiếu số liệu với Cổng Dịch vụ công quốc gia</h2>"
                    + HTML.selector(action: "/doi-chieu", periods: periodChoices(), selected: period, level: nil)
                    + "<p>\(HTML.esc(error.body ?? "Chưa có số liệu của Cổng cho kỳ này."))</p>"
            }
            return .html(
                HTML.page(
                    title: "Đối chiếu với Cổng DVCQG", user: session.user.username, csrf: session.csrfToken, body: body,
                    admin: session.user.role == .admin))
        }
    }

    /// The periods the portal publishes its figures for (DOMAIN §7.1: months, quarters and years), open ones too.
    private func periodChoices() -> [Period] {
        PeriodMenu.periods(now: index.now, closedOnly: false).filter { [.month, .quarter, .year].contains($0.kind) }
    }

    /// Only the province office and administrators see the whole province's figures.
    private func provinceOffice(_ context: AppRequestContext) throws {
        let session = try context.requireSession()
        guard session.user.role != .unit else {
            throw HTTPError(.forbidden, message: "Số liệu đối chiếu toàn tỉnh chỉ dành cho Văn phòng UBND tỉnh và quản trị viên.")
        }
    }

    /// The reconciliation of the period's snapshot (`?snapshot=` or the current one), computed as of its time of export.
    private func reconciliation(_ request: Request, period: Period? = nil) async throws -> (reconciliation: Reconciliation, id: NationalSnapshotID) {
        let period = try period ?? PeriodQuery.period(request, default: index.openPeriod.previous)
        var id: NationalSnapshotID?
        if let text = request.uri.queryParameters.get("snapshot"), !text.isEmpty {
            guard let raw = Int64(text) else { throw HTTPError(.badRequest, message: "Mã bản trích xuất không hợp lệ: \(text).") }
            id = NationalSnapshotID(rawValue: raw)
        }
        guard let found = try await Self.reconciliation(store: store, index: index, period: period, snapshot: id) else {
            throw HTTPError(.notFound, message: "Chưa có số liệu của Cổng Dịch vụ công quốc gia cho \(period.vietnameseName).")
        }
        return found
    }

    /// The reconciliation of a period's snapshot, nil when there is none; computed once per snapshot and change of the data.
    static func reconciliation(
        store: any ServerStore, index: IndexService, period: Period, snapshot id: NationalSnapshotID?
    ) async throws -> (reconciliation: Reconciliation, id: NationalSnapshotID)? {
        let stored: StoredNationalSnapshot?
        if let id {
            stored = try await store.nationalSnapshot(id: id).flatMap { $0.snapshot.period == period ? $0 : nil }
        } else {
            stored = try await store.currentNationalSnapshot(period: period)
        }
        guard let stored else { return nil }
        let version = await index.dataVersion
        let key = ReconciliationCache.Key(index: ObjectIdentifier(index), snapshot: stored.info.id, version: version)
        // The open period changes with every dossier: only closed periods are kept.
        let closed = index.isClosed(period)
        if closed, let cached = await cache.value(key) { return (cached, stored.info.id) }
        let previous = try await store.currentNationalSnapshot(period: period.previous)?.snapshot
        let snapshot = stored.snapshot
        let catalogue = try await index.currentCatalogue()
        let data = try await store.scoringData(receivedBefore: period.endInstant, notEndedBefore: min(period.startInstant, snapshot.takenAt))
        let reconciliation = Reconciliation(
            snapshot: snapshot, catalogue: catalogue, dossiers: data.dossiers, petitions: data.petitions, ratings: data.ratings,
            methodology: index.methodology, calendar: index.calendar, previous: previous)
        if closed { await cache.keep(reconciliation, key: key) }
        return (reconciliation, stored.info.id)
    }

    static let cache = ReconciliationCache()

    /// The portal's figures of a unit for the unit page; empty when there is no snapshot of the period or the unit
    /// is not on it.
    static func unitSection(store: any ServerStore, index: IndexService, code: String, period: Period) async throws -> String {
        guard let (r, _) = try await reconciliation(store: store, index: index, period: period, snapshot: nil) else { return "" }
        guard let line = ([r.province].compactMap { $0 } + r.units).first(where: { $0.unit?.code == code }), line.portal != nil else {
            return "<h2>Số liệu trên Cổng Dịch vụ công quốc gia</h2><p class=\"muted\">\(ReconciliationPage.sourceLine(r)) "
                + "Đơn vị không có trong số liệu của Cổng.</p>"
        }
        return ReconciliationPage.unitSection(line, reconciliation: r)
    }
}

/// The last reconciliations computed, by snapshot and version of the data (a few; recomputed after any change).
actor ReconciliationCache {
    struct Key: Hashable {
        let index: ObjectIdentifier
        let snapshot: NationalSnapshotID
        let version: Int
    }

    private var entries: [(Key, Reconciliation)] = []

    func value(_ key: Key) -> Reconciliation? { entries.first { $0.0 == key }?.1 }

    func keep(_ value: Reconciliation, key: Key) {
        entries.removeAll { $0.0 == key }
        entries.append((key, value))
        if entries.count > 8 { entries.removeFirst(entries.count - 8) }
    }
}
