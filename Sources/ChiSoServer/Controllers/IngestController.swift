import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation
import Hummingbird
import Logging
import Metrics

/// The ingestion API: batches pushed by one-stop systems, exactly as they push them to the national portal.
///
/// Every route needs `Authorization: Bearer TOKEN` of a source (`chiso token create --source NAME`); the unit and
/// procedure catalogue needs a token of scope `catalogue`, the other routes one of scope `dossiers` (403 otherwise).
/// The answer lists each record, in order, as accepted, updated, unchanged, superseded (an older version, kept in
/// the history), held (stored, but its unit is not in the catalogue: counted nowhere until the unit arrives) or
/// rejected (with the Vietnamese reason: unreadable or breaking the unit hierarchy, kept in quarantine; or a dossier
/// another source owns, stored nowhere), with data-quality warnings. A body over the size limit gets 413, a batch
/// over the record limit gets 400, and in both cases nothing is stored. Re-sending the same batch changes nothing.
struct IngestController {
    let store: any ServerStore
    let index: IndexService
    let maxBodyBytes: Int
    let maxRecords: Int

    static let routes: [RouteSpec] = [
        RouteSpec(
            .post, "/api/v1/dongbo/hoso", "Đồng bộ hồ sơ (DongBoHoSoMC): mảng JSON các hồ sơ", tag: "ingest", auth: .token, body: "application/json"),
        RouteSpec(
            .post, "/api/v1/dongbo/tiendo", "Cập nhật tiến độ xử lý hồ sơ (CapNhatTienDoHoSoMC): mảng JSON", tag: "ingest", auth: .token,
            body: "application/json"),
        RouteSpec(.post, "/api/v1/dongbo/donvi", "Danh mục đơn vị (CSV code,name,kind,parent_code,…)", tag: "ingest", auth: .token, body: "text/csv"),
        RouteSpec(.post, "/api/v1/dongbo/thutuc", "Danh mục thủ tục hành chính (CSV)", tag: "ingest", auth: .token, body: "text/csv"),
        RouteSpec(.post, "/api/v1/dongbo/pakn", "Phản ánh, kiến nghị (CSV)", tag: "ingest", auth: .token, body: "text/csv"),
        RouteSpec(.post, "/api/v1/dongbo/danhgia", "Đánh giá mức độ hài lòng (CSV)", tag: "ingest", auth: .token, body: "text/csv"),
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/v1/dongbo/hoso") { request, context in
            try await ingest(request, context, kind: .dossiers, action: "ingest.dossiers") { bytes, name throws(IngestError) in
                var reader = DVCQGDossierReader(source: ArrayChunkSource(bytes), fileName: name)
                return try collect { () throws(IngestError) in try reader.next() }
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(dossiers: b)
            } after: { records, outcomes in
                try await index.apply(dossiers: zip(records, outcomes).compactMap { r, o in o.isChange ? r : nil })
            }
        }
        router.post("/api/v1/dongbo/tiendo") { request, context in
            try await ingest(request, context, kind: .steps, action: "ingest.steps") { bytes, name throws(IngestError) in
                var reader = DVCQGStepReader(source: ArrayChunkSource(bytes), fileName: name)
                return try collect { () throws(IngestError) in try reader.next() }
            } code: {
                $0.dossierCode
            } save: { b throws(StoreError) in
                try await store.ingest(steps: b)
            } after: { _, _ in
            }
        }
        router.post("/api/v1/dongbo/donvi") { request, context in
            try await ingest(request, context, kind: .units, action: "ingest.units", scope: .catalogue) { bytes, name throws(IngestError) in
                var reader = try CSVRecordReader(units: ArrayChunkSource(bytes), fileName: name)
                return try collect { () throws(IngestError) in try reader.next() }
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(units: b)
            } after: { _, outcomes in
                if outcomes.contains(where: \.isChange) { try await index.catalogueChanged() }
            }
        }
        router.post("/api/v1/dongbo/thutuc") { request, context in
            try await ingest(request, context, kind: .procedures, action: "ingest.procedures", scope: .catalogue) { bytes, name throws(IngestError) in
                var reader = try CSVRecordReader(procedures: ArrayChunkSource(bytes), fileName: name)
                return try collect { () throws(IngestError) in try reader.next() }
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(procedures: b)
            } after: { _, outcomes in
                if outcomes.contains(where: \.isChange) { try await index.catalogueChanged() }
            }
        }
        router.post("/api/v1/dongbo/pakn") { request, context in
            try await ingest(request, context, kind: .petitions, action: "ingest.petitions") { bytes, name throws(IngestError) in
                var reader = try CSVRecordReader(petitions: ArrayChunkSource(bytes), fileName: name)
                return try collect { () throws(IngestError) in try reader.next() }
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(petitions: b)
            } after: { records, outcomes in
                try await index.apply(petitions: zip(records, outcomes).compactMap { r, o in o.isChange ? r : nil })
            }
        }
        router.post("/api/v1/dongbo/danhgia") { request, context in
            try await ingest(request, context, kind: .ratings, action: "ingest.ratings") { bytes, name throws(IngestError) in
                var reader = try CSVRecordReader(ratings: ArrayChunkSource(bytes), fileName: name)
                return try collect { () throws(IngestError) in try reader.next() }
            } code: {
                $0.dossierCode
            } save: { b throws(StoreError) in
                try await store.ingest(ratings: b)
            } after: { records, outcomes in
                let fresh = zip(records, outcomes).compactMap { r, o -> Rating? in if case .accepted = o { return r } else { return nil } }
                let changed = outcomes.contains { if case .updated = $0 { return true } else { return false } }
                try await index.apply(newRatings: fresh, changed: changed)
            }
        }
    }

    /// Reads results up to one more than the record limit (the caller answers 400 past the limit).
    private func collect<Record>(_ next: () throws(IngestError) -> ReadResult<Record>?) throws(IngestError) -> [ReadResult<Record>] {
        var out: [ReadResult<Record>] = []
        while out.count <= maxRecords, let r = try next() { out.append(r) }
        return out
    }

    /// The source named by the bearer token, or 401 (nothing is read or stored); 403 when the token's scope is not `scope`.
    private func authenticate(_ request: Request, scope: SourceScope) async throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Thiếu mã xác thực của nguồn dữ liệu (Authorization: Bearer).")
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let found = try await store.sourceToken(digest: Secrets.digest(token)) else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""], message: "Mã xác thực của nguồn dữ liệu không hợp lệ.")
        }
        guard found.scope == scope else {
            throw HTTPError(
                .forbidden, headers: [.wwwAuthenticate: "Bearer error=\"insufficient_scope\""],
                message: scope == .catalogue
                    ? "Mã xác thực của nguồn \(found.source) không có quyền thay đổi danh mục đơn vị, thủ tục (cần mã phạm vi catalogue)."
                    : "Mã xác thực của nguồn \(found.source) chỉ dùng cho danh mục; hãy dùng mã phạm vi dossiers để đồng bộ dữ liệu hồ sơ.")
        }
        return found.source
    }

    private func ingest<Record: Sendable>(
        _ request: Request, _ context: AppRequestContext, kind: RecordKind, action: String, scope: SourceScope = .dossiers,
        read: ([UInt8], String) throws(IngestError) -> [ReadResult<Record>],
        code: (Record) -> String,
        save: (IngestBatch<Record>) async throws(StoreError) -> IngestResult<Record>,
        after: ([Record], [IngestOutcome<Record>]) async throws -> Void
    ) async throws -> Response {
        let source = try await authenticate(request, scope: scope)
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let name = "http:\(source)"
        let results: [ReadResult<Record>]
        do {
            results = try read(Array(buffer.readableBytesView), name)
        } catch {
            throw HTTPError(.badRequest, message: "Không đọc được nội dung gửi lên: \(error.description)")
        }
        guard results.count <= maxRecords else {
            throw HTTPError(.badRequest, message: "Lô dữ liệu vượt quá \(maxRecords) bản ghi; hãy chia thành các lô nhỏ hơn.")
        }
        let now = index.now
        var records: [Sourced<Record>] = []
        var quarantine: [QuarantinedRecord] = []
        // Position of each result in the answer: (record index in `records`) or (issue).
        var order: [Either] = []
        for r in results {
            switch r {
            case .record(let record, let position):
                order.append(.record(records.count, number: position.recordNumber))
                records.append(Sourced(record, origin: RecordOrigin(fileName: name, recordNumber: position.recordNumber, line: position.line)))
            case .issue(let issue):
                order.append(.issue(issue))
                quarantine.append(
                    QuarantinedRecord(
                        fileName: name, recordNumber: issue.recordNumber, line: issue.line, rawText: issue.rawRecord, reason: issue.message))
            }
        }
        // The batch's audit line is written by the store in the batch's own transaction.
        let result = try await save(
            IngestBatch(
                records: records, quarantine: quarantine, at: now, source: source, audit: IngestAudit(actor: "source:\(source)", action: action)))
        try await after(records.map(\.record), result.outcomes)

        var counts = (accepted: 0, updated: 0, unchanged: 0, superseded: 0, held: 0, rejected: 0, warned: 0)
        var lines: [JSON] = []
        for item in order {
            switch item {
            case .record(let i, let number):
                let warnings = result.warnings[i] ?? []
                let held = warnings.contains { if case .unknownUnit = $0 { return true } else { return false } }
                let status: String
                var reason: String?
                switch result.outcomes[i] {
                case .accepted where held, .updated where held: status = "held"; counts.held += 1
                case .accepted: status = "accepted"; counts.accepted += 1
                case .updated: status = "updated"; counts.updated += 1
                case .unchanged: status = "unchanged"; counts.unchanged += 1
                case .superseded: status = "superseded"; counts.superseded += 1
                case .quarantined(let r), .refused(let r):
                    status = "rejected"
                    reason = r
                    counts.rejected += 1
                }
                if !warnings.isEmpty { counts.warned += 1 }
                var fields: [(String, JSON)] = [("record", .int(number)), ("code", .string(code(records[i].record))), ("status", .string(status))]
                if let reason { fields.append(("reason", .string(reason))) }
                if !warnings.isEmpty { fields.append(("warnings", .array(warnings.map { .string($0.message) }))) }
                lines.append(.object(fields))
            case .issue(let issue):
                counts.rejected += 1
                lines.append(
                    .object([
                        ("record", issue.recordNumber.map { .int($0) } ?? .null), ("code", .null), ("status", .string("rejected")),
                        ("reason", .string(issue.message)),
                    ]))
            }
        }
        Counter(label: "chiso.ingest.records", dimensions: [("kind", kind.rawValue)]).increment(by: results.count)
        context.logger.info(
            "ingest.batch",
            metadata: [
                "ingest.kind": "\(kind.rawValue)", "ingest.source": "\(source)", "ingest.records": "\(results.count)",
                "ingest.rejected": "\(counts.rejected)",
            ])
        let body = JSON.object([
            ("schema", .string("chiso.ingest/1")),
            ("source", .string(source)),
            ("kind", .string(kind.rawValue)),
            ("received", .int(results.count)),
            ("accepted", .int(counts.accepted)), ("updated", .int(counts.updated)), ("unchanged", .int(counts.unchanged)),
            ("superseded", .int(counts.superseded)), ("held", .int(counts.held)), ("rejected", .int(counts.rejected)),
            ("warnings", .int(counts.warned)),
            ("records", .array(lines)),
        ])
        return .json(body)
    }

    private enum Either {
        case record(Int, number: Int)
        case issue(IngestIssue)
    }
}

extension IngestOutcome {
    /// Whether the record changed what is stored.
    var isChange: Bool {
        switch self {
        case .accepted, .updated: return true
        case .unchanged, .superseded, .quarantined, .refused: return false
        }
    }
}

extension ReadResult {
    func map<T>(_ transform: (Record) -> T) -> ReadResult<T> {
        switch self {
        case .record(let r, let position): return .record(transform(r), position: position)
        case .issue(let issue): return .issue(issue)
        }
    }
}

extension Response {
    /// A JSON answer.
    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.rendered())))
    }

    /// A JSON answer already rendered.
    static func jsonText(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
