import ChiSoCore
import ChiSoStore

// What the `admin-*` templates show: plain values, already worded and formatted; the templates escape them.

/// A message above an administration page: a change made, a refusal, or a secret shown once.
struct Flash {
    let text: String
    /// A token or a sign-in link, shown once in a code block.
    let secret: String?
    /// `alert` for a refusal, `status` otherwise.
    let role: String

    static func done(_ text: String) -> Flash { Flash(text: text, secret: nil, role: "status") }
    static func error(_ text: String) -> Flash { Flash(text: text, secret: nil, role: "alert") }
    static func once(_ text: String, _ secret: String) -> Flash { Flash(text: text, secret: secret, role: "status") }
}

struct AuditRow {
    let id: Int64
    let at: String
    let actor: String
    let action: String
    let detail: String

    init(_ e: AuditEntry) {
        id = e.id
        at = e.at.vietnamese
        actor = e.actor
        action = e.action
        detail = e.detail
    }
}

struct AdminHomeView {
    let csrf: String
    let activeUsers: Int
    let users: Int
    let validTokens: Int
    let quarantined: Int
    let lastImport: String
    let entries: [AuditRow]
}

/// The create-user form's values, kept when the form is refused.
struct UserDraft {
    var username = ""
    var role = ServerRole.unit.rawValue
    var unit = ""
}

struct RoleOption {
    let value: String
    let name: String
    let selected: Bool

    /// The roles, the narrowest first.
    static func all(selected: String) -> [RoleOption] {
        [ServerRole.unit, .office, .admin].map { RoleOption(value: $0.rawValue, name: name($0), selected: $0.rawValue == selected) }
    }

    static func name(_ role: ServerRole) -> String {
        switch role {
        case .admin: return "Quản trị viên"
        case .office: return "Văn phòng UBND tỉnh (mọi đơn vị)"
        case .unit: return "Cán bộ đơn vị"
        }
    }
}

struct UnitOption {
    let code: String
    let name: String
}

struct UserRow {
    let id: Int64
    let username: String
    /// The signed-in administrator: their own role and account cannot be changed here.
    let isSelf: Bool
    let roleName: String
    let unitCode: String
    let unitName: String?
    let created: String
    /// When the user was disabled; nil while enabled.
    let disabled: String?
    let roles: [RoleOption]

    init(_ user: ServerUser, catalogue: Catalogue, me: Int64) {
        id = user.id
        username = user.username
        isSelf = user.id == me
        roleName = RoleOption.name(user.role)
        unitCode = user.unitCode ?? ""
        unitName = user.unitCode.map { code in catalogue.unit(code).map { "\($0.name) (\(code))" } ?? code }
        created = user.createdAt.vietnamese
        disabled = user.disabledAt?.vietnamese
        roles = RoleOption.all(selected: user.role.rawValue)
    }
}

struct AdminUsersView {
    let csrf: String
    let flash: Flash?
    let users: [UserRow]
    let units: [UnitOption]
    let draft: UserDraft
    let roles: [RoleOption]
}

struct ScopeOption {
    let value: String
    let name: String

    static func name(_ scope: SourceScope) -> String {
        switch scope {
        case .dossiers: return "Hồ sơ, tiến độ, PAKN, đánh giá"
        case .catalogue: return "Danh mục đơn vị, thủ tục"
        }
    }
}

struct TokenRow {
    let digest: String
    let shortID: String
    let source: String
    let scope: String
    let created: String
    let lastUsed: String
    /// When the token was revoked; nil while valid.
    let revoked: String?

    init(_ token: SourceTokenInfo) {
        digest = token.digest
        shortID = TokenRow.shortID(token.digest)
        source = token.source
        scope = ScopeOption.name(token.scope)
        created = token.createdAt.vietnamese
        lastUsed = token.sourceLastUsedAt?.vietnamese ?? "chưa gửi"
        revoked = token.revokedAt?.vietnamese
    }

    /// The first 12 hex digits of a token's digest: enough to tell tokens apart, nothing to sign in with.
    static func shortID(_ digest: String) -> String { String(digest.prefix(12)) }
}

struct AdminTokensView {
    let csrf: String
    let flash: Flash?
    let tokens: [TokenRow]
    let scopes: [ScopeOption]
}

struct SourceOption {
    let name: String
    let count: Int
    let selected: Bool
}

struct QuarantineRow {
    /// The longest part of a raw record shown in the list; the whole is downloaded.
    static let previewCharacters = 160

    let id: Int64
    let received: String
    let source: String
    let file: String
    /// The record's number and line in its file, when known.
    let position: String?
    let reason: String
    let preview: String
    let size: String

    init(_ e: QuarantineEntry) {
        id = e.id
        received = e.record.firstSeen?.vietnamese ?? ""
        source = e.record.fileName
        file = e.inputKey
        let parts = [e.record.recordNumber.map { "bản ghi \($0)" }, e.record.line.map { "dòng \($0)" }].compactMap { $0 }
        position = parts.isEmpty ? nil : parts.joined(separator: ", ")
        reason = e.record.reason
        let raw = e.record.rawText
        preview = raw.count > Self.previewCharacters ? String(raw.prefix(Self.previewCharacters)) + "…" : raw
        size = "\(raw.utf8.count) byte"
    }
}

struct AdminQuarantineView {
    let csrf: String
    /// No source chosen: the list holds every source's records.
    let everySource: Bool
    let sources: [SourceOption]
    /// Records of the chosen source (of every source when none is chosen).
    let total: Int
    let records: [QuarantineRow]
    let csv: String
    /// The first page, when this is not it.
    let newest: String?
    /// The next page of older records, if any.
    let older: String?
}

struct ImportRow {
    let id: String
    let file: String
    let kind: String
    let started: String
    let finished: String
    let status: String
    let accepted: Int
    let updated: Int
    let unchanged: Int
    let quarantined: Int
    let superseded: Int
    let refused: Int

    init(_ e: ImportLogEntry) {
        id = e.id.description
        file = e.file
        kind = ImportRow.kindName(e.kind)
        started = e.startedAt.vietnamese
        finished = e.finishedAt?.vietnamese ?? "–"
        status = ImportRow.statusName(e.status)
        accepted = e.counts.accepted
        updated = e.counts.updated
        unchanged = e.counts.unchanged
        quarantined = e.counts.quarantined
        superseded = e.counts.superseded
        refused = e.counts.refused
    }

    static func kindName(_ kind: RecordKind) -> String {
        switch kind {
        case .units: return "Đơn vị"
        case .procedures: return "Thủ tục"
        case .dossiers: return "Hồ sơ"
        case .steps: return "Tiến độ xử lý"
        case .petitions: return "Phản ánh, kiến nghị"
        case .ratings: return "Đánh giá"
        case .targets: return "Chỉ tiêu giao"
        case .national: return "Số liệu Cổng DVCQG"
        }
    }

    static func statusName(_ status: ImportStatus) -> String {
        switch status {
        case .running: return "Đang nhập"
        case .completed: return "Hoàn tất"
        case .failed: return "Lỗi, dừng giữa chừng"
        case .interrupted: return "Bị ngắt"
        }
    }
}

struct AdminImportsView {
    let csrf: String
    let imports: [ImportRow]
    let total: Int
}

struct AdminAuditView {
    let csrf: String
    let actor: String
    let action: String
    let entries: [AuditRow]
    let newest: String?
    let older: String?
}
