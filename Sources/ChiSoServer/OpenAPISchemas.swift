import ChiSoCore
import HTTPTypes

/// One documented answer of a route: its status, what it means, and the schema of each media type it comes in
/// (none for an answer without a body).
public struct RouteAnswer: Sendable {
    public let status: Int
    public let description: String
    public let content: [(media: String, schema: JSON)]

    init(_ status: Int, _ description: String, _ content: [(media: String, schema: JSON)] = []) {
        self.status = status
        self.description = description
        self.content = content
    }

    /// The success answer in one media type.
    static func ok(_ schema: JSON, media: String = "application/json") -> RouteAnswer {
        RouteAnswer(200, "Thành công", [(media, schema)])
    }

    /// An error answered with Hummingbird's JSON error body `{"error": {"message": "…"}}`.
    static func error(_ status: HTTPResponse.Status, _ description: String) -> RouteAnswer {
        RouteAnswer(status.code, description, [("application/json", OpenAPISchema.ref("Error"))])
    }

    /// An error answered with a Vietnamese HTML page.
    static func page(_ status: HTTPResponse.Status, _ description: String) -> RouteAnswer {
        RouteAnswer(status.code, description, [("text/html", OpenAPISchema.html)])
    }

    /// A redirect (`303 See Other` with `Location`).
    static func seeOther(_ description: String) -> RouteAnswer { RouteAnswer(303, description) }

    // The answers shared by many routes.
    static let badQuery = error(.badRequest, "Tham số không hợp lệ (kỳ, cấp, mã trong đường dẫn)")
    static let signInRequired = error(.unauthorized, "Cần đăng nhập")
    static let forbidden = error(.forbidden, "Không có quyền")
    static let notFound = error(.notFound, "Không tìm thấy")
}

/// JSON Schema (OpenAPI 3.1) building blocks and the named schemas of `components/schemas`.
enum OpenAPISchema {
    static let string: JSON = .object([("type", .string("string"))])
    static let integer: JSON = .object([("type", .string("integer"))])
    static let number: JSON = .object([("type", .string("number"))])
    static let boolean: JSON = .object([("type", .string("boolean"))])
    static let html: JSON = .object([("type", .string("string")), ("description", .string("Trang HTML tiếng Việt"))])
    /// An instant as ISO 8601 with the Vietnam offset (`2026-08-31T23:59:59+07:00`).
    static let instant: JSON = .object([("type", .string("string")), ("format", .string("date-time"))])

    static func nullable(_ type: String) -> JSON { .object([("type", .array([.string(type), .string("null")]))]) }
    static func nullableInstant() -> JSON { .object([("type", .array([.string("string"), .string("null")])), ("format", .string("date-time"))]) }
    static func array(_ items: JSON) -> JSON { .object([("type", .string("array")), ("items", items)]) }
    static func ref(_ name: String) -> JSON { .object([("$ref", .string("#/components/schemas/\(name)"))]) }
    static func enumeration(_ values: [String]) -> JSON { .object([("type", .string("string")), ("enum", .array(values.map { .string($0) }))]) }
    static func constant(_ value: String) -> JSON { enumeration([value]) }
    /// An object whose keys are ids (groups, indicators) and whose values follow `values`.
    static func map(_ values: JSON) -> JSON { .object([("type", .string("object")), ("additionalProperties", values)]) }

    /// An object with the given properties, all required but `optional`.
    static func object(_ properties: [(String, JSON)], optional: Set<String> = [], description: String? = nil) -> JSON {
        var members: [(String, JSON)] = [("type", .string("object"))]
        if let description { members.append(("description", .string(description))) }
        members.append(("required", .array(properties.map(\.0).filter { !optional.contains($0) }.map { .string($0) })))
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    static let unitKinds = ChiSoCore.Unit.Kind.allCases.map(\.rawValue)
    static let outcomes = [Verdict.Outcome.early, .onTime, .overdue, .openWithinDeadline, .openOverdue].map(\.rawValue)

    /// A number that may be null (the portal's `null` is not 0; a rate with no denominator is null).
    static let optionalNumber = nullable("number")
    /// A side-by-side figure: the portal's, ChiSo's and their difference.
    static let sides = object([("portal", optionalNumber), ("chiso", optionalNumber), ("difference", optionalNumber)], optional: ["difference"])
    /// One indicator's figures on one side of a reconciliation.
    static let figure = object([
        ("numerator", optionalNumber), ("denominator", optionalNumber), ("rate", optionalNumber), ("points", optionalNumber), ("max", optionalNumber),
    ])

    /// The named schemas.
    static let components: [(String, JSON)] = [
        (
            "NationalSnapshotInfo",
            object(
                [
                    ("id", integer), ("period", string), ("taken_at", instant),
                    ("taken_at_source", enumeration(["file", "fetch", "given", "import_time"])),
                    ("origin", enumeration(["portal_api", "table"])), ("province_id", nullable("string")), ("groups", array(string)),
                    ("complete", boolean), ("provisional", boolean), ("units", integer), ("answers", integer), ("imported_at", instant),
                    ("current", boolean),
                ], description: "Một bản trích xuất số liệu của Cổng DVCQG")
        ),
        ("NationalSnapshotList", array(ref("NationalSnapshotInfo"))),
        (
            "NationalSnapshot",
            object([
                ("snapshot", ref("NationalSnapshotInfo")),
                (
                    "units",
                    array(
                        object([
                            ("portal_id", nullable("string")), ("portal_code", nullable("string")), ("name", string), ("level", nullable("string")),
                            ("province", boolean), ("total", optionalNumber),
                            (
                                "groups",
                                map(
                                    object([
                                        ("points", optionalNumber), ("max", optionalNumber), ("rate", optionalNumber),
                                        (
                                            "metrics",
                                            array(
                                                object([
                                                    ("code", string), ("indicator", nullable("string")), ("numerator", optionalNumber),
                                                    ("denominator", optionalNumber), ("rate", optionalNumber), ("points", optionalNumber),
                                                    ("max", optionalNumber),
                                                ]))
                                        ),
                                        ("counts", map(optionalNumber)),
                                    ]))
                            ),
                        ]))
                ),
                ("provinces", array(object([("portal_id", nullable("string")), ("name", string), ("total", optionalNumber)]))),
            ])
        ),
        (
            "Reconciliation",
            object(
                [
                    ("schema", constant("chiso.reconcile/1")), ("period", string), ("period_name", string), ("taken_at", instant),
                    ("origin", enumeration(["portal_api", "table"])), ("complete", boolean), ("provisional", boolean),
                    ("methodology", object([("id", string), ("name", string)])),
                    ("national", .object([("type", .array([.string("object"), .string("null")]))])),
                    ("province", .object([("type", .array([.string("object"), .string("null")]))])),
                    (
                        "units",
                        array(
                            object(
                                [
                                    ("presence", string), ("code", nullable("string")), ("name", string), ("kind", nullable("string")),
                                    ("matched_by", nullable("string")), ("total", sides),
                                    ("classification", object([("portal", nullable("string")), ("chiso", nullable("string"))])),
                                    ("rank", object([("portal", nullable("integer")), ("chiso", nullable("integer"))])),
                                    ("overdue", object([("portal", optionalNumber), ("chiso", nullable("integer"))])), ("no_dossiers", boolean),
                                ], optional: [])
                        )
                    ),
                ], description: "Đối chiếu số liệu Cổng DVCQG với số liệu tính từ hồ sơ (chiso.reconcile/1)")
        ),
        ("Error", object([("error", object([("message", string)]))], description: "Lỗi, với thông báo tiếng Việt")),
        ("Health", object([("status", constant("ok"))])),
        (
            "OpenAPI",
            object([("openapi", string), ("info", .object([("type", .string("object"))])), ("paths", map(.object([("type", .string("object"))])))])
        ),
        (
            "DongBoHoSoMC",
            object(
                [
                    ("MaHoSo", string), ("MaTTHC", string), ("DonViXuLy", string),
                    ("KenhThucHien", .object([("type", .array([.string("integer"), .string("string")]))])),
                    ("NgayTiepNhan", .object([("type", .string("string")), ("description", .string("yyyyMMddHHmmss"))])),
                    ("NgayHenTra", string), ("NgayNopHoSo", string), ("NgayTra", string), ("NgayKetThucXuLy", string),
                    ("TrangThaiHoSo", .object([("type", .array([.string("integer"), .string("string")]))])),
                    ("LoaiDoiTuong", .object([("type", .array([.string("integer"), .string("string")]))])),
                ], optional: ["NgayHenTra", "NgayNopHoSo", "NgayTra", "NgayKetThucXuLy", "LoaiDoiTuong"],
                description: "Hồ sơ theo DongBoHoSoMC của Cổng Dịch vụ công quốc gia (các trường khác được đọc như đặc tả)")
        ),
        (
            "CapNhatTienDoHoSoMC",
            object(
                [
                    ("MaHoSo", string), ("ThoiDiemXuLy", string), ("NguoiXuLy", string), ("ChucDanh", string), ("PhongBanXuLy", string),
                    ("NoiDungXuLy", string), ("TrangThai", .object([("type", .array([.string("integer"), .string("string")]))])),
                    ("NgayBatDau", string), ("NgayKetThucTheoQuyDinh", string),
                ], optional: ["NguoiXuLy", "ChucDanh", "PhongBanXuLy", "NoiDungXuLy", "TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh"],
                description: "Một bước xử lý hồ sơ theo CapNhatTienDoHoSoMC")
        ),
        (
            "IngestAnswer",
            object([
                ("schema", constant("chiso.ingest/1")), ("source", string), ("kind", string), ("received", integer), ("accepted", integer),
                ("updated", integer), ("unchanged", integer), ("superseded", integer), ("held", integer), ("rejected", integer),
                ("warnings", integer),
                (
                    "records",
                    array(
                        object(
                            [
                                ("record", nullable("integer")), ("code", nullable("string")),
                                ("status", enumeration(["accepted", "updated", "unchanged", "superseded", "held", "rejected"])), ("reason", string),
                                ("warnings", array(string)),
                            ], optional: ["reason", "warnings"]))
                ),
            ])
        ),
        (
            "Quality",
            array(
                object([
                    ("unit", string), ("unit_known", boolean), ("dossiers", integer), ("held", integer), ("deadline_before_reception", integer),
                    ("deadline_before_reception_codes", array(string)),
                ]))
        ),
        ("UnitList", array(object([("code", string), ("name", string), ("kind", enumeration(unitKinds)), ("parent", nullable("string"))]))),
        (
            "Processing",
            object([
                ("carried_over", integer), ("newly_received", integer), ("resolved_on_time", integer), ("resolved_overdue", integer),
                ("open_not_due", integer), ("open_overdue", integer),
            ])
        ),
        (
            "TargetResult",
            object([
                ("indicator", string), ("target", number), ("actual", nullable("number")), ("numerator", integer), ("denominator", integer),
                ("met", nullable("boolean")), ("gap", nullable("number")), ("source", string),
            ])
        ),
        (
            "ScoreEntry",
            object([
                ("code", string), ("name", string), ("kind", enumeration(unitKinds)), ("parent", nullable("string")), ("rank", integer),
                ("previous_rank", nullable("integer")), ("rank_change", nullable("integer")), ("total", number),
                ("previous_total", nullable("number")), ("total_change", nullable("number")),
                ("same_period_last_year_total", nullable("number")), ("same_period_last_year_rank", nullable("integer")),
                ("classification", nullable("string")), ("previous_classification", nullable("string")), ("no_dossiers", boolean),
                ("groups", map(object([("name", string), ("points", number), ("max", number), ("rate", nullable("number"))]))),
                (
                    "indicators",
                    map(
                        object([
                            ("name", string), ("numerator", integer), ("denominator", integer), ("rate", nullable("number")), ("points", number),
                            ("max", number),
                        ]))
                ),
                ("processing", ref("Processing")), ("targets", array(ref("TargetResult"))),
            ])
        ),
        (
            "Scores",
            object(
                [
                    ("schema", constant("chiso.score/1")), ("methodology", object([("id", string), ("name", string)])), ("period", string),
                    ("period_name", string), ("as_of", instant), ("comparison_spans_formula_change", boolean), ("units", array(ref("ScoreEntry"))),
                ], description: "Điểm, xếp hạng, xếp loại (lược đồ chiso.score/1)")
        ),
        ("UnitIndicators", object([("schema", constant("chiso.unit/1")), ("period", string), ("as_of", instant), ("unit", ref("ScoreEntry"))])),
        (
            "UnitProcedures",
            object([
                ("unit", string), ("period", string),
                (
                    "procedures",
                    array(
                        object([
                            ("code", string), ("name", string), ("dossiers", integer), ("on_time", integer), ("overdue", integer),
                            ("open_overdue", integer), ("online", integer), ("losses", integer),
                        ]))
                ),
            ])
        ),
        (
            "ProcedureDossiers",
            object([
                ("unit", string), ("procedure", string), ("period", string),
                (
                    "dossiers",
                    array(
                        object([
                            ("code", string), ("unit_code", string), ("received_at", instant), ("deadline", nullableInstant()),
                            ("outcome", enumeration(outcomes)),
                        ]))
                ),
            ])
        ),
        (
            "Targets",
            object([
                ("period", string), ("targets", array(object([("unit", string), ("unit_name", string), ("result", ref("TargetResult"))]))),
                ("units_missing_targets", array(string)),
            ])
        ),
        (
            "Overdue",
            object([
                ("as_of", instant),
                (
                    "dossiers",
                    array(
                        object(
                            [
                                ("code", string), ("unit_code", string), ("procedure_code", string), ("procedure_name", string),
                                ("received_at", instant), ("deadline", instant), ("overdue", boolean), ("working_days_late", integer),
                                ("working_days_left", integer),
                            ], optional: ["working_days_late", "working_days_left"]))
                ),
            ])
        ),
        (
            "Dossier",
            object([
                ("code", string), ("unit_code", string), ("procedure_code", string), ("channel", integer),
                ("state", enumeration(Dossier.State.allCases.map(\.rawValue))), ("received_at", instant), ("due_at", nullableInstant()),
                ("verdict", object([("outcome", enumeration(outcomes)), ("reason", string), ("deadline", nullableInstant())])),
                (
                    "events",
                    array(
                        object(
                            [
                                ("sequence", integer), ("recorded_at", instant), ("type", enumeration(["version", "step"])),
                                ("state", enumeration(Dossier.State.allCases.map(\.rawValue))), ("source", string), ("processed_at", instant),
                                ("handler", nullable("string")), ("title", nullable("string")), ("department", nullable("string")),
                                ("content", nullable("string")), ("status", nullable("string")),
                            ],
                            optional: ["state", "source", "processed_at", "handler", "title", "department", "content", "status"]))
                ),
            ])
        ),
        ("Audit", array(object([("at", instant), ("actor", string), ("action", string), ("detail", string)]))),
        ("PublicPeriods", array(object([("period", string), ("name", string)]))),
        ("WhatIf", whatIf),
    ]

    static let standing = object([
        ("total", number), ("classification", nullable("string")), ("rank", integer), ("ranked_units", integer), ("targets_met", integer),
        ("targets_measured", integer),
    ])

    static let whatIf = object(
        [
            ("schema", constant("chiso.what-if/1")), ("unit", string), ("unit_name", string), ("period", string), ("goal", string),
            ("as_of", instant),
            ("status", enumeration(["reached", "reachable", "unreachable"])),
            (
                "obstacle",
                .object([
                    ("type", .array([.string("string"), .string("null")])),
                    (
                        "enum",
                        .array(
                            ["period_ended", "not_classified", "top_class", "no_targets", "out_of_range", "not_enough_actions"].map { .string($0) }
                                + [.null])
                    ),
                ])
            ),
            ("obstacle_text", nullable("string")), ("current", standing), ("projected", standing), ("achieved", standing),
            ("required_total", optionalNumber), ("required_classification", nullable("string")), ("actions", integer),
            (
                "steps",
                array(
                    object([
                        ("action", enumeration(WhatIfAction.allCases.map(\.rawValue))), ("name", string), ("count", integer),
                        ("codes", array(string)),
                        ("points_gained", number), ("points_per_action", number), ("total_after", number),
                    ]))
            ),
            (
                "at_risk",
                array(object([("dossier", string), ("unit", string), ("procedure", string), ("deadline", instant), ("overdue_from", instant)]))
            ),
            ("points_at_risk", number),
        ], description: "Cần làm gì để đạt mục tiêu (lược đồ chiso.what-if/1)")
}
