import ChiSoCore
import ChiSoIngest
import ChiSoReport
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
/// over the record limit gets 400, an empty body or a JSON body that is not well-formed JSON
/// gets 400, and in these cases nothing is stored. Re-sending the same batch changes nothing.
struct IngestController {
    let store: any ServerStore
    let index: IndexService
    let maxBodyBytes: Int
    let maxRecords: Int

    static let routes: [RouteSpec] = [
        RouteSpec(
            .post, "/api/v1/dongbo/hoso", "Đồng bộ hồ sơ (DongBoHoSoMC): mảng JSON các hồ sơ", tag: "ingest", auth: .token, body: "application/json",
            bodySchema: OpenAPISchema.array(OpenAPISchema.ref("DongBoHoSoMC")), schema: OpenAPISchema.ref("IngestAnswer")),
        RouteSpec(
            .post, "/api/v1/dongbo/tiendo", "Cập nhật tiến độ xử lý hồ sơ (CapNhatTienDoHoSoMC): mảng JSON", tag: "ingest", auth: .token,
            body: "application/json", bodySchema: OpenAPISchema.array(OpenAPISchema.ref("CapNhatTienDoHoSoMC")),
            schema: OpenAPISchema.ref("IngestAnswer")),
        csv("/api/v1/dongbo/donvi", "Danh mục đơn vị (CSV)", columns: "code,name,kind,parent_code,valid_from,valid_to,e_certified_copy"),
        csv(
            "/api/v1/dongbo/thutuc", "Danh mục thủ tục hành chính (CSV)",
            columns: "code,name,online_level,field_code,field_name,result_required,fee_bearing,statutory_time,statutory_unit,applicants,…"),
        csv("/api/v1/dongbo/pakn", "Phản ánh, kiến nghị (CSV)", columns: "code,unit_code,received_at,resolved_at,rating,repeated,dossier_code"),
        csv("/api/v1/dongbo/danhgia", "Đánh giá mức độ hài lòng (CSV)", columns: "dossier_code,value,rated_at"),
    ]

    private static func csv(_ path: String, _ summary: String, columns: String) -> RouteSpec {
        RouteSpec(
            .post, path, summary, tag: "ingest", auth: .token, body: "text/csv",
            bodySchema: .object([("type", .string("string")), ("description", .string("CSV UTF-8 có dòng tiêu đề; các cột: \(columns)"))]),
            schema: OpenAPISchema.ref("IngestAnswer"))
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        // The ingestion routes find their source from the bearer token.
        let router = router.group().add(middleware: SourceTokenAuthenticator(store: store))
        router.post("/api/v1/dongbo/hoso") { request, context in
            try await ingest(request, context, kind: .dossiers, action: "ingest.dossiers", format: .json) { bytes, name throws(IngestError) in
                AnyRecordReader(DVCQGDossierReader(source: ArrayChunkSource(bytes), fileName: name), fileName: name)
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(dossiers: b)
            } after: { records, outcomes in
                try await index.apply(dossiers: zip(records, outcomes).compactMap { r, o in o.isChange ? r : nil })
            }
        }
        router.post("/api/v1/dongbo/tiendo") { request, context in
            try await ingest(request, context, kind: .steps, action: "ingest.steps", format: .json) { bytes, name throws(IngestError) in
                AnyRecordReader(DVCQGStepReader(source: ArrayChunkSource(bytes), fileName: name), fileName: name)
            } code: {
                $0.dossierCode
            } save: { b throws(StoreError) in
                try await store.ingest(steps: b)
            } after: { _, _ in
            }
        }
        router.post("/api/v1/dongbo/donvi") { request, context in
            try await ingest(
                request, context, kind: .units, action: "ingest.units", format: .csv(codeColumn: "code"), scope: .catalogue
            ) {
                bytes, name throws(IngestError) in
                AnyRecordReader(try CSVRecordReader(units: ArrayChunkSource(bytes), fileName: name), fileName: name)
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(units: b)
            } after: { _, outcomes in
                if outcomes.contains(where: \.isChange) { try await index.catalogueChanged() }
            }
        }
        router.post("/api/v1/dongbo/thutuc") { request, context in
            try await ingest(
                request, context, kind: .procedures, action: "ingest.procedures", format: .csv(codeColumn: "code"), scope: .catalogue
            ) {
                bytes, name throws(IngestError) in
                AnyRecordReader(try CSVRecordReader(procedures: ArrayChunkSource(bytes), fileName: name), fileName: name)
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(procedures: b)
            } after: { _, outcomes in
                if outcomes.contains(where: \.isChange) { try await index.catalogueChanged() }
            }
        }
        router.post("/api/v1/dongbo/pakn") { request, context in
            try await ingest(request, context, kind: .petitions, action: "ingest.petitions", format: .csv(codeColumn: "code")) {
                bytes, name throws(IngestError) in
                AnyRecordReader(try CSVRecordReader(petitions: ArrayChunkSource(bytes), fileName: name), fileName: name)
            } code: {
                $0.code
            } save: { b throws(StoreError) in
                try await store.ingest(petitions: b)
            } after: { records, outcomes in
                try await index.apply(petitions: zip(records, outcomes).compactMap { r, o in o.isChange ? r : nil })
            }
        }
        router.post("/api/v1/dongbo/danhgia") { request, context in
            try await ingest(request, context, kind: .ratings, action: "ingest.ratings", format: .csv(codeColumn: "dossier_code")) {
                bytes, name throws(IngestError) in
                AnyRecordReader(try CSVRecordReader(ratings: ArrayChunkSource(bytes), fileName: name), fileName: name)
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
    /// The source named by the bearer token (``SourceTokenAuthenticator``), or 401 (nothing is read or stored); 403 when
    /// the token's scope is not `scope`.
    private func requireSource(_ context: AppRequestContext, scope: SourceScope) throws -> String {
        guard case .source(let found) = context.identity else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Thiếu mã xác thực của nguồn dữ liệu (Authorization: Bearer).")
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
        _ request: Request, _ context: AppRequestContext, kind: RecordKind, action: String, format: IngestBody.Format,
        scope: SourceScope = .dossiers,
        read: ([UInt8], String) throws(IngestError) -> AnyRecordReader<Record>,
        code: (Record) -> String,
        save: (IngestBatch<Record>) async throws(StoreError) -> IngestResult<Record>,
        after: ([Record], [IngestOutcome<Record>]) async throws -> Void
    ) async throws -> Response {
        let source = try requireSource(context, scope: scope)
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let name = "http:\(source)"
        let bytes = Array(buffer.readableBytesView)
        guard bytes.contains(where: { !IngestBody.isSpace($0) }) else {
            throw HTTPError(
                .badRequest, message: "Nội dung gửi lên trống: cần \(format == .json ? "một mảng JSON các bản ghi" : "tệp CSV có dòng tiêu đề").")
        }
        let results: [ReadResult<Record>]
        do {
            var reader = try read(bytes, name).makeAsyncIterator()
            results = try await reader.next(batchOf: maxRecords + 1)
        } catch {
            throw HTTPError(.badRequest, message: "Không đọc được nội dung gửi lên: \(error.description)")
        }
        if format == .json, let issue = results.lazy.compactMap(\.issue).first(where: IngestBody.isMalformedJSON) {
            throw HTTPError(.badRequest, message: "Nội dung gửi lên không phải JSON hợp lệ, không bản ghi nào được lưu: \(issue.message)")
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

        var answer = IngestAnswer(source: source, kind: kind.rawValue, received: results.count)
        for item in order {
            switch item {
            case .record(let i, let number):
                let warnings = result.warnings[i] ?? []
                let held = warnings.contains { if case .unknownUnit = $0 { return true } else { return false } }
                let status: String
                var reason: String?
                switch result.outcomes[i] {
                case .accepted where held, .updated where held: status = "held"; answer.held += 1
                case .accepted: status = "accepted"; answer.accepted += 1
                case .updated: status = "updated"; answer.updated += 1
                case .unchanged: status = "unchanged"; answer.unchanged += 1
                case .superseded: status = "superseded"; answer.superseded += 1
                case .quarantined(let r), .refused(let r):
                    status = "rejected"
                    reason = r
                    answer.rejected += 1
                }
                if !warnings.isEmpty { answer.warnings += 1 }
                answer.records.append(
                    IngestAnswer.Line(
                        record: number, code: code(records[i].record), status: status, reason: reason,
                        warnings: warnings.isEmpty ? nil : warnings.map(\.message)))
            case .issue(let issue):
                answer.rejected += 1
                answer.records.append(
                    IngestAnswer.Line(
                        record: issue.recordNumber, code: IngestBody.code(of: issue, format: format, body: bytes), status: "rejected",
                        reason: issue.message))
            }
        }
        Counter(label: "chiso.ingest.records", dimensions: [("kind", kind.rawValue)]).increment(by: results.count)
        context.logger.info(
            "ingest.batch",
            metadata: [
                "ingest.kind": "\(kind.rawValue)", "ingest.source": "\(source)", "ingest.records": "\(results.count)",
                "ingest.rejected": "\(answer.rejected)",
            ])
        return try .json(answer)
    }

    private enum Either {
        case record(Int, number: Int)
        case issue(IngestIssue)
    }
}

/// Checks of an ingestion body before and after reading.
enum IngestBody {
    enum Format: Equatable {
        /// JSON records, whose code is `MaHoSo`.
        case json
        /// CSV rows with a header, whose code is in the named column.
        case csv(codeColumn: String)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Whether an issue says the body is not well-formed JSON (a syntax error, a record cut off, bytes that are not
    /// UTF-8, an array element that is not JSON at all), rather than a well-formed record that is not valid.
    static func isMalformedJSON(_ issue: IngestIssue) -> Bool {
        switch issue.kind {
        case .malformedJSON, .truncatedRecord, .invalidUTF8: return true
        case .notAnObject: return (try? JSONValue(parsing: Array(issue.rawRecord.utf8))) == nil
        default: return false
        }
    }

    /// The code a rejected record was sent with, when it has one: `MaHoSo` of a JSON record (a string or a number),
    /// the code column of a CSV row (read with the body's header line).
    static func code(of issue: IngestIssue, format: Format, body: [UInt8]) -> String? {
        switch format {
        case .json:
            switch try? JSONValue(parsing: Array(issue.rawRecord.utf8))["MaHoSo"] {
            case .string(let text)?: return text.isEmpty ? nil : text
            case .number(let lexeme)?: return lexeme
            default: return nil
            }
        case .csv(let column):
            let header = body.prefix { $0 != UInt8(ascii: "\n") }
            var reader = CSVReader(source: ArrayChunkSource(Array(header) + [UInt8(ascii: "\n")] + Array(issue.rawRecord.utf8)), fileName: "")
            guard let names = try? reader.header(), let index = names.firstIndex(of: column),
                case .record(let row, _)? = try? reader.next(), index < row.fields.count
            else { return nil }
            let code = row.fields[index].trimmingCharacters(in: .whitespaces)
            return code.isEmpty ? nil : code
        }
    }
}

extension ReadResult {
    /// The issue, when this is one.
    var issue: IngestIssue? {
        if case .issue(let issue) = self { return issue }
        return nil
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
    /// A JSON answer (the OpenAPI document, built as a JSON value).
    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        jsonText(value.rendered(), status: status)
    }

    /// A JSON answer encoded with the package's JSON settings (``JSONOutput``).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        jsonText(try JSONOutput.text(value), status: status)
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
