public import ChiSoCore
import Logging
import PostgresNIO

// Users, sessions, ingestion tokens and the audit log: their tables are part of the migrations (``PostgresSchema``).
extension PostgresStore: AccessStore {
    private static let userColumns = "u.id, u.username, u.password_hash, u.role, u.unit_code, u.created_at"

    private static func decodeUser(_ row: PostgresRow) throws -> ServerUser {
        // The first six columns (a session's row has more).
        let r = row.makeRandomAccess()
        let (id, username, hash, role) = (
            try r[0].decode(Int64.self), try r[1].decode(String.self), try r[2].decode(String.self), try r[3].decode(String.self)
        )
        let (unit, created) = (try r[4].decode(String?.self), try r[5].decode(Int64.self))
        return ServerUser(
            id: id, username: username, passwordHash: hash, role: ServerRole(rawValue: role) ?? .unit, unitCode: unit,
            createdAt: Instant(secondsSinceEpoch: created))
    }

    public func createUser(_ user: ServerUser, audit: AuditEntry?) async throws(StoreError) -> ServerUser {
        try await write { c in
            var stored = user
            stored.id = try await Self.rows(
                c,
                """
                INSERT INTO server_users (username, password_hash, role, unit_code, created_at)
                VALUES (\(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.unitCode), \(user.createdAt.secondsSinceEpoch)) RETURNING id
                """, logger: logger)[0].decode(Int64.self)
            if let audit { try await Self.appendAudit(c, audit, logger: logger) }
            return stored
        }
    }

    public func setPassword(username: String, passwordHash: String) async throws(StoreError) -> Bool {
        try await write { c in
            try await !Self.rows(
                c, "UPDATE server_users SET password_hash = \(passwordHash) WHERE username = \(username) RETURNING id", logger: logger
            ).isEmpty
        }
    }

    public func user(username: String) async throws(StoreError) -> ServerUser? {
        try await read { c in
            try await Self.rows(
                c, PostgresQuery(unsafeSQL: "SELECT \(Self.userColumns) FROM server_users u WHERE u.username = $1", binds: Self.binds(username)),
                logger: logger
            ).first.map(Self.decodeUser)
        }
    }

    public func users() async throws(StoreError) -> [ServerUser] {
        try await read { c in
            try await Self.rows(c, PostgresQuery(unsafeSQL: "SELECT \(Self.userColumns) FROM server_users u ORDER BY u.id"), logger: logger).map(
                Self.decodeUser)
        }
    }

    public func createSession(idDigest: String, userID: Int64, csrfToken: String, createdAt: Instant, expiresAt: Instant) async throws(StoreError) {
        try await write { c in
            try await c.query("DELETE FROM server_sessions WHERE expires_at <= \(createdAt.secondsSinceEpoch)", logger: logger)
            try await c.query(
                """
                INSERT INTO server_sessions (id_digest, user_id, csrf, created_at, expires_at)
                VALUES (\(idDigest), \(userID), \(csrfToken), \(createdAt.secondsSinceEpoch), \(expiresAt.secondsSinceEpoch))
                """, logger: logger)
        }
    }

    public func session(idDigest: String, at: Instant) async throws(StoreError) -> ServerSession? {
        try await read { c in
            guard
                let row = try await Self.rows(
                    c,
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT \(Self.userColumns), s.csrf, s.expires_at FROM server_sessions s JOIN server_users u ON u.id = s.user_id
                            WHERE s.id_digest = $1 AND s.expires_at > $2
                            """, binds: Self.binds(idDigest, at.secondsSinceEpoch)), logger: logger
                ).first
            else { return nil }
            let (_, _, _, _, _, _, csrf, expires) = try row.decode((Int64, String, String, String, String?, Int64, String, Int64).self)
            return ServerSession(user: try Self.decodeUser(row), csrfToken: csrf, expiresAt: Instant(secondsSinceEpoch: expires))
        }
    }

    public func deleteSession(idDigest: String) async throws(StoreError) {
        try await write { c in _ = try await c.query("DELETE FROM server_sessions WHERE id_digest = \(idDigest)", logger: logger) }
    }

    public func createLoginLink(digest: String, userID: Int64, expiresAt: Instant, audit: AuditEntry) async throws(StoreError) {
        try await write { c in
            try await c.query(
                "INSERT INTO server_login_links (digest, user_id, expires_at) VALUES (\(digest), \(userID), \(expiresAt.secondsSinceEpoch))",
                logger: logger)
            try await Self.appendAudit(c, audit, logger: logger)
        }
    }

    public func consumeLoginLink(digest: String, at: Instant) async throws(StoreError) -> ServerUser? {
        try await write { c in
            let row = try await Self.rows(
                c,
                PostgresQuery(
                    unsafeSQL: """
                        SELECT \(Self.userColumns) FROM server_login_links l JOIN server_users u ON u.id = l.user_id
                        WHERE l.digest = $1 AND l.expires_at > $2
                        """, binds: Self.binds(digest, at.secondsSinceEpoch)), logger: logger
            ).first
            try await c.query(
                "DELETE FROM server_login_links WHERE digest = \(digest) OR expires_at <= \(at.secondsSinceEpoch)", logger: logger)
            let user = try row.map(Self.decodeUser)
            if let user {
                try await Self.appendAudit(
                    c, AuditEntry(at: at, actor: "user:\(user.username)", action: "login.link", detail: "đăng nhập bằng liên kết dùng một lần"),
                    logger: logger)
            }
            return user
        }
    }

    public func createSourceToken(digest: String, source: String, scope: SourceScope, audit: AuditEntry) async throws(StoreError) {
        try await write { c in
            try await c.query(
                """
                INSERT INTO server_source_tokens (digest, source, created_at, scope)
                VALUES (\(digest), \(source), \(audit.at.secondsSinceEpoch), \(scope.rawValue))
                """, logger: logger)
            try await Self.appendAudit(c, audit, logger: logger)
        }
    }

    public func sourceToken(digest: String) async throws(StoreError) -> SourceToken? {
        try await read { c in
            try await Self.rows(c, "SELECT source, scope FROM server_source_tokens WHERE digest = \(digest)", logger: logger).first.map { row in
                let (source, scope) = try row.decode((String, String).self)
                // An unknown scope (written by a newer version) grants the narrowest one.
                return SourceToken(source: source, scope: SourceScope(rawValue: scope) ?? .dossiers)
            }
        }
    }

    public func appendAudit(_ entry: AuditEntry) async throws(StoreError) {
        try await write { c in try await Self.appendAudit(c, entry, logger: logger) }
    }

    /// Appends to the audit log inside the caller's transaction.
    static func appendAudit(_ c: PostgresConnection, _ entry: AuditEntry, logger: Logger) async throws {
        try await c.query(
            "INSERT INTO server_audit (at, actor, action, detail) VALUES (\(entry.at.secondsSinceEpoch), \(entry.actor), \(entry.action), \(entry.detail))",
            logger: logger)
    }

    public func auditLog(limit: Int) async throws(StoreError) -> [AuditEntry] {
        try await read { c in
            try await Self.rows(c, "SELECT id, at, actor, action, detail FROM server_audit ORDER BY id DESC LIMIT \(Int64(limit))", logger: logger)
                .map {
                    row in
                    let (id, at, actor, action, detail) = try row.decode((Int64, Int64, String, String, String).self)
                    return AuditEntry(id: id, at: Instant(secondsSinceEpoch: at), actor: actor, action: action, detail: detail)
                }
        }
    }
}
