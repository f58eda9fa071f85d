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
    /// Query parameters.
    public let query: [String]
    /// The answer's media type.
    public let produces: String

    init(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, auth: Auth, body: String? = nil, query: [String] = [],
        produces: String = "application/json"
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.auth = auth
        self.body = body
        self.query = query
        self.produces = produces
    }
}

/// The OpenAPI 3.1 description of the server, built from the route table.
public enum OpenAPIDocument {
    /// Every documented route.
    public static var routes: [RouteSpec] {
        IngestController.routes + QueryController.routes + PageController.routes + DocumentController.routes + ReconciliationController.routes
            + SystemRoutes.routes
    }

    static func document() -> JSON {
        var paths: [(String, JSON)] = []
        var seen: [String: Int] = [:]
        var operations: [[(String, JSON)]] = []
        for r in routes {
            let params =
                r.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { p -> JSON in
                    .object([
                        ("name", .string(String(p.dropFirst().dropLast()))), ("in", .string("path")), ("required", .bool(true)),
                        ("schema", .object([("type", .string("string"))])),
                    ])
                }
                + r.query.map { q -> JSON in
                    .object([
                        ("name", .string(q)), ("in", .string("query")), ("required", .bool(false)),
                        ("schema", .object([("type", .string("string"))])),
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
                op.append(("requestBody", .object([("required", .bool(true)), ("content", .object([(body, .object([("schema", .object([]))]))]))])))
            }
            var responses: [(String, JSON)] = [
                ("200", .object([("description", .string("Thành công")), ("content", .object([(r.produces, .object([("schema", .object([]))]))]))]))
            ]
            switch r.auth {
            case .none: break
            case .session:
                op.append(("security", .array([.object([("session", .array([]))])])))
                responses.append(("401", .object([("description", .string("Cần đăng nhập"))])))
                responses.append(("403", .object([("description", .string("Không có quyền"))])))
            case .token:
                op.append(("security", .array([.object([("sourceToken", .array([]))])])))
                responses.append(("400", .object([("description", .string("Nội dung không đọc được, hoặc lô vượt quá số bản ghi cho phép"))])))
                responses.append(("401", .object([("description", .string("Thiếu hoặc sai mã xác thực của nguồn"))])))
                responses.append(("413", .object([("description", .string("Nội dung vượt quá kích thước cho phép"))])))
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
                    )
                ])
            ),
        ])
    }
}

/// Health, metrics, the OpenAPI document.
enum SystemRoutes {
    static let routes: [RouteSpec] = [
        RouteSpec(.get, "/health", "Tình trạng máy chủ", tag: "system", auth: .none),
        RouteSpec(.get, "/metrics", "Số đo Prometheus", tag: "system", auth: .none, produces: "text/plain"),
        RouteSpec(.get, "/openapi.json", "Mô tả OpenAPI 3.1", tag: "system", auth: .none),
    ]
}
