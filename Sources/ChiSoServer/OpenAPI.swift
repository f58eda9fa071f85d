public import HTTPTypes

/// One documented route: the single source for the OpenAPI document.
public struct RouteSpec: Sendable {
    public enum Auth: String, Sendable {
        case none, session, token
    }

    public let method: HTTPRequest.Method
    /// The path with `{name}` parameters.
    public let path: String
    public let summary: String
    public let tag: String
    public let auth: Auth
    /// The request body's media type, if any.
    public let body: String?
    /// The request body's schema.
    public let bodySchema: JSON?
    /// Query parameters.
    public let query: [String]
    /// The values a path or query parameter takes, when they are a fixed list.
    public let values: [String: [String]]
    /// The answer's media type.
    public let produces: String
    /// Every documented answer: the success, the route's own errors and redirects, and those every route of its
    /// kind has (``RouteAnswer``).
    public let answers: [RouteAnswer]

    /// - Parameters:
    ///   - schema: the success answer's schema; a string for the text media types when nil.
    ///   - answers: the route's own answers (redirects, errors), which take the place of the defaults of the same
    ///     status: the success (unless `succeeds` is false), and those of every route of its kind (session JSON
    ///     routes: 400, 401, 403, 404; token routes: 400, 401, 413; every route: 405, 414).
    init(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, auth: Auth, body: String? = nil,
        bodySchema: JSON? = nil, query: [String] = [], values: [String: [String]] = [:], produces: String = "application/json",
        schema: JSON? = nil, answers: [RouteAnswer] = [], succeeds: Bool = true
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.auth = auth
        self.body = body
        self.bodySchema = bodySchema
        self.query = query
        self.values = values
        self.produces = produces
        // The route's own answers first: they take the place of a default of the same status. A page answers a bad
        // parameter or something not found with a page (ErrorPageMiddleware).
        var all = answers.map { a in
            produces == "text/html" && (a.status == 400 || a.status == 404) && a.content.contains { $0.media == "application/json" }
                ? RouteAnswer(a.status, a.description, [("text/html", OpenAPISchema.html)]) : a
        }
        if succeeds { all.append(.ok(schema ?? (produces == "text/html" ? OpenAPISchema.html : OpenAPISchema.string), media: produces)) }
        switch auth {
        case .token:
            all += [
                .error(.badRequest, "Nội dung trống, không phải JSON hợp lệ, không đọc được, hoặc lô vượt quá số bản ghi cho phép"),
                .error(.unauthorized, "Thiếu hoặc sai mã xác thực của nguồn"),
                .error(.forbidden, "Mã xác thực không có phạm vi của địa chỉ này (dossiers hoặc catalogue)"),
                RouteAnswer(413, "Nội dung vượt quá kích thước cho phép"),
            ]
        case .session where produces != "text/html":
            all += [.badQuery, .signInRequired, .forbidden, .notFound]
        case .session, .none: break
        }
        // A period that has not started or holds no data is refused (DOMAIN §4a D11).
        if query.contains("period") {
            let refused = "Kỳ chưa bắt đầu, hoặc không có số liệu: không đánh giá, xếp hạng"
            all.append(produces == "text/html" ? .page(.unprocessableContent, refused) : .error(.unprocessableContent, refused))
        }
        all += [
            .error(.methodNotAllowed, "Phương thức không được hỗ trợ ở địa chỉ này (tiêu đề Allow liệt kê các phương thức có)"),
            .error(.uriTooLong, "Địa chỉ yêu cầu quá dài"),
        ]
        var seen = Set<Int>()
        self.answers = all.filter { seen.insert($0.status).inserted }
    }
}

/// The OpenAPI 3.1 description of the server, built from the route table.
public enum OpenAPIDocument {
    /// Every documented route.
    public static var routes: [RouteSpec] {
        IngestController.routes + QueryController.routes + WhatIfController.routes + ExportController.routes + PageController.routes
            + DocumentController.routes
            + ReconciliationController.routes
            + AdminController.routes
            + SystemRoutes.routes
    }

    static func document() -> JSON {
        var paths: [(String, JSON)] = []
        var seen: [String: Int] = [:]
        var operations: [[(String, JSON)]] = []
        for r in routes {
            let params =
                r.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { p -> JSON in
                    let name = String(p.dropFirst().dropLast())
                    return .object([
                        ("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                        ("schema", r.values[name].map(OpenAPISchema.enumeration) ?? .object([("type", .string("string")), ("minLength", .int(1))])),
                    ])
                }
                + r.query.map { q -> JSON in
                    .object([
                        ("name", .string(q)), ("in", .string("query")), ("required", .bool(false)),
                        ("schema", r.values[q].map(OpenAPISchema.enumeration) ?? OpenAPISchema.string),
                    ])
                }
            var op: [(String, JSON)] = [
                ("summary", .string(r.summary)), ("tags", .array([.string(r.tag)])),
                (
                    "operationId",
                    .string(r.method.rawValue.lowercased() + r.path.replacing("/", with: "_").replacing("{", with: "").replacing("}", with: ""))
                ),
            ]
            if !params.isEmpty { op.append(("parameters", .array(params))) }
            if let body = r.body {
                let schema = r.bodySchema ?? OpenAPISchema.string
                op.append(("requestBody", .object([("required", .bool(true)), ("content", .object([(body, .object([("schema", schema)]))]))])))
            }
            switch r.auth {
            case .none: break
            case .session: op.append(("security", .array([.object([("session", .array([]))])])))
            case .token: op.append(("security", .array([.object([("sourceToken", .array([]))])])))
            }
            let responses = r.answers.map { answer -> (String, JSON) in
                var members: [(String, JSON)] = [("description", .string(answer.description))]
                if answer.status == 303 {
                    members.append(("headers", .object([("Location", .object([("required", .bool(true)), ("schema", OpenAPISchema.string)]))])))
                }
                if !answer.content.isEmpty {
                    members.append(("content", .object(answer.content.map { ($0.media, .object([("schema", $0.schema)])) })))
                }
                return (String(answer.status), .object(members))
            }
            op.append(("responses", .object(responses)))
            if let i = seen[r.path] {
                operations[i].append((r.method.rawValue.lowercased(), .object(op)))
            } else {
                seen[r.path] = operations.count
                operations.append([(r.method.rawValue.lowercased(), .object(op))])
                paths.append((r.path, .null))
            }
        }
        for (i, p) in paths.enumerated() { paths[i] = (p.0, .object(operations[i])) }
        return .object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                .object([
                    ("title", .string("ChiSo — Bộ chỉ số phục vụ người dân, doanh nghiệp")), ("version", .string("1.0.0")),
                    ("description", .string("API tiếp nhận dữ liệu đồng bộ, truy vấn điểm số, hồ sơ, chỉ tiêu và luồng cập nhật trực tiếp.")),
                ])
            ),
            ("paths", .object(paths)),
            (
                "components",
                .object([
                    ("schemas", .object(OpenAPISchema.components)),
                    (
                        "securitySchemes",
                        .object([
                            (
                                "sourceToken",
                                .object([
                                    ("type", .string("http")), ("scheme", .string("bearer")),
                                    ("description", .string("Mã của nguồn dữ liệu (chiso token create)")),
                                ])
                            ),
                            ("session", .object([("type", .string("apiKey")), ("in", .string("cookie")), ("name", .string("chiso_session"))])),
                        ])
                    ),
                ])
            ),
        ])
    }
}

/// Health, metrics, the OpenAPI document.
enum SystemRoutes {
    static let routes: [RouteSpec] = [
        RouteSpec(.get, "/health", "Tình trạng máy chủ", tag: "system", auth: .none, schema: OpenAPISchema.ref("Health")),
        RouteSpec(.get, "/metrics", "Số đo Prometheus", tag: "system", auth: .none, produces: "text/plain"),
        RouteSpec(.get, "/openapi.json", "Mô tả OpenAPI 3.1", tag: "system", auth: .none, schema: OpenAPISchema.ref("OpenAPI")),
    ]
}
