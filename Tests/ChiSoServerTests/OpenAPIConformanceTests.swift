import ChiSoServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A JSON value decoded strictly (a boolean is not a number, a number with a fraction is not an integer).
indirect enum JSONAny: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONAny]), object([String: JSONAny])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONAny].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONAny].self))
        }
    }

    static func parse(_ buffer: ByteBuffer) throws -> JSONAny { try JSONDecoder().decode(JSONAny.self, from: Data(buffer.readableBytesView)) }

    subscript(_ key: String) -> JSONAny? { if case .object(let o) = self { return o[key] } else { return nil } }

    var text: String? { if case .string(let s) = self { return s } else { return nil } }
}

/// The subset of JSON Schema the OpenAPI document uses: `$ref`, `type` (one or a list), `required`, `properties`,
/// `additionalProperties`, `items`, `enum`, `nullable`. Returns the violations, each with its JSON path.
struct SchemaChecker {
    let document: JSONAny

    func violations(_ value: JSONAny, _ schema: JSONAny, path: String = "$") -> [String] {
        if let ref = schema["$ref"]?.text {
            guard let name = ref.split(separator: "/").last, let target = document["components"]?["schemas"]?[String(name)] else {
                return ["\(path): unknown $ref \(ref)"]
            }
            return violations(value, target, path: path)
        }
        guard case .object(let members) = schema, !members.isEmpty else { return ["\(path): empty schema"] }
        var types: [String] = []
        switch schema["type"] {
        case .string(let t)?: types = [t]
        case .array(let list)?: types = list.compactMap(\.text)
        default: break
        }
        if schema["nullable"].map({ if case .bool(true) = $0 { return true } else { return false } }) == true { types.append("null") }
        if !types.isEmpty, !types.contains(where: { matches(value, $0) }) { return ["\(path): expected \(types), found \(value)"] }
        var out: [String] = []
        if case .array(let allowed)? = schema["enum"], case .string(let s) = value, !allowed.contains(where: { $0.text == s }) {
            out.append("\(path): \(s) not in \(allowed.compactMap(\.text))")
        }
        if case .object(let object) = value {
            if case .array(let required)? = schema["required"] {
                for key in required.compactMap(\.text) where object[key] == nil { out.append("\(path): missing \(key)") }
            }
            let properties: [String: JSONAny]
            if case .object(let p)? = schema["properties"] { properties = p } else { properties = [:] }
            for (key, item) in object {
                if let s = properties[key] {
                    out += violations(item, s, path: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"], case .object = extra {
                    out += violations(item, extra, path: "\(path).\(key)")
                }
            }
        }
        if case .array(let items) = value, let s = schema["items"] {
            for (i, item) in items.enumerated() { out += violations(item, s, path: "\(path)[\(i)]") }
        }
        return out
    }

    private func matches(_ value: JSONAny, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.int, "integer"), (.int, "number"), (.double, "number"), (.string, "string"),
            (.array, "array"), (.object, "object"):
            return true
        default: return false
        }
    }
}

@Suite struct OpenAPIConformanceTests {
    @Test func everySchemaIsDescribed() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let doc = try JSONAny.parse(try await client.execute(uri: "/openapi.json", method: .get).body)
            var empty: [String] = []
            func walk(_ value: JSONAny, _ path: String) {
                switch value {
                case .object(let o):
                    for (k, v) in o {
                        if k == "schema", case .object(let s) = v, s.isEmpty { empty.append(path) }
                        walk(v, path + "/" + k)
                    }
                case .array(let a): for (i, v) in a.enumerated() { walk(v, "\(path)/\(i)") }
                default: break
                }
            }
            walk(doc, "")
            #expect(empty.isEmpty, "empty schemas: \(empty)")
            // Every operation that reads a body describes it; every operation has its answers.
            for route in OpenAPIDocument.routes {
                let op = try #require(doc["paths"]?[route.path]?[route.method.rawValue.lowercased()])
                if route.body != nil { #expect(op["requestBody"]?["content"]?[route.body!]?["schema"] != nil, "\(route.path)") }
                #expect(op["responses"]?["405"] != nil && op["responses"]?["414"] != nil)
            }
        }
    }

    /// Real answers of every route (success and errors) against the schema the document declares for their status
    /// and media type.
    @Test func realAnswersMatchTheirDeclaredSchemas() async throws {
        let f = try await Fixture()
        let open = Fixture.dossier("HS2").replacing(#""TrangThaiHoSo":"4""#, with: #""TrangThaiHoSo":"2""#)
        let csv: HTTPFields = [.authorization: "Bearer \(Fixture.catalogueToken)", .contentType: "text/csv"]
        typealias Call = (method: HTTPRequest.Method, uri: String, headers: HTTPFields, body: String?)
        let office = Fixture.cookie("office"), admin = Fixture.cookie("admin"), d1 = Fixture.cookie("d1")
        let calls: [Call] = [
            (.post, "/api/v1/dongbo/hoso", Fixture.bearer, "[\(Fixture.dossier("HS1")),\(open),{\"MaHoSo\":\"HS3\"}]"),
            (.post, "/api/v1/dongbo/hoso", Fixture.bearer, ""),
            (.post, "/api/v1/dongbo/hoso", [:], "[]"),
            (.post, "/api/v1/dongbo/tiendo", Fixture.bearer, #"[{"MaHoSo":"HS1","ThoiDiemXuLy":"20260804090000"}]"#),
            (.post, "/api/v1/dongbo/donvi", csv, "code,name,kind,parent_code\nD3,Sở Y tế,department,P\nX,Lạ,không-rõ,P\n"),
            (.post, "/api/v1/dongbo/thutuc", csv, "code,name,online_level\n2.000001,Thủ tục mới,full\n"),
            (.post, "/api/v1/dongbo/hoso", Fixture.bearer, "[\(Fixture.dossier("HS9", unit: "KHONG-CO"))]"),
            (.post, "/api/v1/dongbo/donvi", Fixture.bearer, "code,name,kind,parent_code\n"),
            (.post, "/api/v1/dongbo/pakn", Fixture.bearer, "code\n"),
            (.post, "/api/v1/dongbo/danhgia", Fixture.bearer, "dossier_code\n"),
            (.get, "/api/v1/quality", office, nil),
            (.get, "/api/v1/scores?period=2026-05", office, nil),
            (.get, "/health", [:], nil),
            (.get, "/openapi.json", [:], nil),
            (.get, "/metrics", [:], nil),
            (.get, "/api/v1/units", office, nil),
            (.get, "/api/v1/units", [:], nil),
            (.get, "/api/v1/scores?period=2026-08", office, nil),
            (.get, "/api/v1/scores?period=2026-13", office, nil),
            (.get, "/api/v1/units/D1/indicators?period=2026-08", office, nil),
            (.get, "/api/v1/units/D2/indicators?period=2026-08", d1, nil),
            (.get, "/api/v1/units/KHONG/indicators?period=2026-08", office, nil),
            (.get, "/api/v1/units/D1/procedures?period=2026-08", office, nil),
            (.get, "/api/v1/units/D1/procedures/1.004227?period=2026-08", office, nil),
            (.get, "/api/v1/targets?period=2026-08", office, nil),
            (.get, "/api/v1/units/D1/what-if?period=2026-08&goal=points:99", office, nil),
            (.get, "/api/v1/units/D1/what-if?goal=x", office, nil),
            (.get, "/api/v1/exports/rankings?period=2026-08", office, nil),
            (.get, "/api/v1/exports/units/D1/indicators?period=2026-08&format=csv", office, nil),
            (.get, "/api/v1/exports/overdue?format=csv", office, nil),
            (.get, "/don-vi/KHONG", office, nil),
            (.get, "/api/v1/overdue?within=60", office, nil),
            (.get, "/api/v1/dossiers/HS1", office, nil),
            (.get, "/api/v1/dossiers/KHONG", office, nil),
            (.get, "/api/v1/audit", admin, nil),
            (.get, "/api/v1/audit", office, nil),
            (.get, "/api/v1/public/periods", [:], nil),
            (.get, "/api/v1/public/scores?period=2026-07", [:], nil),
            (.get, "/api/v1/public/scores?period=2026-08", [:], nil),
            (.get, "/api/v1/documents/monthly-notice?period=2026-07&format=xlsx", office, nil),
            (.get, "/api/v1/documents/monthly-notice?period=2026-07&format=pdf", office, nil),
            (.get, "/api/v1/documents/khong-co", office, nil),
            (.get, "/", office, nil),
            (.get, "/", [:], nil),
            (.get, "/don-vi/D2", d1, nil),
            (.get, "/cong-khai?period=2026-08", [:], nil),
            (.get, "/dang-nhap", [:], nil),
            (.post, "/dang-nhap", [.contentType: "application/x-www-form-urlencoded"], "csrf=a&username=b&password=c"),
            (.get, "/dang-nhap/lien-ket?token=sai", [:], nil),
            (.get, "/quan-tri", office, nil),
            (.get, "/static/live.js", [:], nil),
            (.trace, "/health", [:], nil),
            (.get, "/api/v1/public/scores?period=" + String(repeating: "9", count: 9000), [:], nil),
        ]
        try await f.app().test(.router) { client in
            let doc = try JSONAny.parse(try await client.execute(uri: "/openapi.json", method: .get).body)
            let checker = SchemaChecker(document: doc)
            for call in calls {
                let response = try await client.execute(
                    uri: call.uri, method: call.method, headers: call.headers, body: call.body.map { ByteBuffer(string: $0) })
                let label = "\(call.method) \(call.uri.prefix(80)) → \(response.status.code)"
                let path = String(call.uri.prefix { $0 != "?" })
                let route = try #require(OpenAPIDocument.routes.first { matches($0.path, path) }, "\(label): no documented route")
                let operation = try #require(doc["paths"]?[route.path]?[call.method == .trace ? "get" : call.method.rawValue.lowercased()])
                let answer = try #require(operation["responses"]?[String(response.status.code)], "\(label): status not documented")
                guard case .object(let content)? = answer["content"] else {
                    #expect(response.body.readableBytes == 0, "\(label): a body that is not documented")
                    continue
                }
                let media = String((response.headers[.contentType] ?? "").prefix { $0 != ";" })
                let schema = try #require(content[media]?["schema"], "\(label): media type \(media) not documented")
                if media == "application/json" {
                    let problems = checker.violations(try JSONAny.parse(response.body), schema)
                    #expect(problems.isEmpty, "\(label): \(problems.prefix(5))")
                } else {
                    #expect(schema["type"]?.text == "string", "\(label)")
                }
            }
        }
    }

    private func matches(_ template: String, _ path: String) -> Bool {
        let a = template.split(separator: "/"), b = path.split(separator: "/")
        return a.count == b.count && zip(a, b).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}
