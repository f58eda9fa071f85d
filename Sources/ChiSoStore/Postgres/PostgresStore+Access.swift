public import ChiSoCore
import Logging
import PostgresNIO

// Users, sessions, ingestion tokens and the audit log: their tables are part of the migrations (``PostgresSchema``).
extension PostgresStore: AccessStore {
    private static let userColumns = "u.id, u.username, u.password_hash, u.role, u.unit_code, u.created_at, u.disabled_at"

    private static func decodeUser(_ row: PostgresRow) throws -> ServerUser {
        // The first seven columns (a session's row has more).
        let r = row.makeRandomAccess()
        let (id, username, hash, role) = (
            try r[0].decode(Int64.self), try r[1].decode(String.self), try r[2].decode(String.self), try r[3].decode(String.self)
        )
        let (unit, created, disabled) = (try r[4].decode(String?.self), try r[5].decode(Int64.self), try r[6].decode(Int64?.self))
        return ServerUser(
            id: id, username: username, passwordHash: hash, role: ServerRole(rawValue: role) ?? .unit, unitCode: unit,
            createdAt: Instant(secondsSinceEpoch: created), disabledAt: disabled.map(Instant.init(secondsSinceEpoch:)))
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
                            WHERE s.id_digest = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL
                            """, binds: Self.binds(idDigest, at.secondsSinceEpoch)), logger: logger
                ).first
            else { return nil }
            let (_, _, _, _, _, _, _, csrf, expires) = try row.decode((Int64, String, String, String, String?, Int64, Int64?, String, Int64).self)
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
                        WHERE l.digest = $1 AND l.expires_at > $2 AND u.disabled_at IS NULL
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
            try await Self.rows(c, "SELECT source, scope FROM server_source_tokens WHERE digest = \(digest) AND revoked_at IS NULL", logger: logger)
                .first.map { row in
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
        try await auditLog(AuditFilter(), before: nil, limit: limit)
    }

    // MARK: Administration

    public func user(id: Int64) async throws(StoreError) -> ServerUser? {
        try await read { c in try await Self.user(c, id: id, logger: logger) }
    }

    private static func user(_ c: PostgresConnection, id: Int64, logger: Logger) async throws -> ServerUser? {
        try await rows(c, PostgresQuery(unsafeSQL: "SELECT \(userColumns) FROM server_users u WHERE u.id = $1", binds: binds(id)), logger: logger)
            .first.map(decodeUser)
    }

    public func updateUser(id: Int64, role: ServerRole, unitCode: String?, audit: AuditEntry) async throws(StoreError) -> ServerUser? {
        try await write { c in
            let changed = try await Self.rows(
                c, "UPDATE server_users SET role = \(role.rawValue), unit_code = \(unitCode) WHERE id = \(id) RETURNING id", logger: logger)
            guard !changed.isEmpty else { return nil }
            try await Self.appendAudit(c, audit, logger: logger)
            return try await Self.user(c, id: id, logger: logger)
        }
    }

    public func setUserDisabled(id: Int64, _ disabled: Bool, audit: AuditEntry) async throws(StoreError) -> ServerUser? {
        try await write { c in
            let at: Int64? = disabled ? audit.at.secondsSinceEpoch : nil
            let changed = try await Self.rows(c, "UPDATE server_users SET disabled_at = \(at) WHERE id = \(id) RETURNING id", logger: logger)
            guard !changed.isEmpty else { return nil }
            if disabled {
                try await c.query("DELETE FROM server_sessions WHERE user_id = \(id)", logger: logger)
                try await c.query("DELETE FROM server_login_links WHERE user_id = \(id)", logger: logger)
            }
            try await Self.appendAudit(c, audit, logger: logger)
            return try await Self.user(c, id: id, logger: logger)
        }
    }

    public func sourceTokens() async throws(StoreError) -> [SourceTokenInfo] {
        try await read { c in
            // A source's last use is its newest audit line (a batch that changed something), in one pass over the log.
            var lastUse: [String: Int64] = [:]
            for row in try await Self.rows(
                c, "SELECT actor, MAX(at) FROM server_audit WHERE actor LIKE 'source:%' GROUP BY actor", logger: logger)
            {
                let (actor, at) = try row.decode((String, Int64).self)
                lastUse[actor] = at
            }
            return try await Self.rows(
                c, "SELECT digest, source, scope, created_at, revoked_at FROM server_source_tokens ORDER BY created_at DESC, digest DESC",
                logger: logger
            ).map { row in
                let (digest, source, scope, created, revoked) = try row.decode((String, String, String, Int64, Int64?).self)
                return SourceTokenInfo(
                    digest: digest, source: source, scope: SourceScope(rawValue: scope) ?? .dossiers, createdAt: Instant(secondsSinceEpoch: created),
                    revokedAt: revoked.map(Instant.init(secondsSinceEpoch:)),
                    sourceLastUsedAt: lastUse["source:" + source].map(Instant.init(secondsSinceEpoch:)))
            }
        }
    }

    public func revokeSourceToken(digest: String, audit: AuditEntry) async throws(StoreError) -> Bool {
        try await write { c in
            let changed = try await Self.rows(
                c,
                """
                UPDATE server_source_tokens SET revoked_at = \(audit.at.secondsSinceEpoch)
                WHERE digest = \(digest) AND revoked_at IS NULL RETURNING digest
                """, logger: logger)
            guard !changed.isEmpty else { return false }
            try await Self.appendAudit(c, audit, logger: logger)
            return true
        }
    }

    public func auditLog(_ filter: AuditFilter, before: Int64?, limit: Int) async throws(StoreError) -> [AuditEntry] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let actor = filter.actor {
            binds.append(actor)
            conditions.append("actor = $\(binds.count)")
        }
        if let action = filter.action {
            binds.append(action)
            binds.append(Int64(action.unicodeScalars.count + 1))
            binds.append(action + ".")
            conditions.append("(action = $\(binds.count - 2) OR substr(action, 1, $\(binds.count - 1)::integer) = $\(binds.count))")
        }
        if let before {
            binds.append(before)
            conditions.append("id < $\(binds.count)")
        }
        binds.append(Int64(limit))
        let sql =
            "SELECT id, at, actor, action, detail FROM server_audit" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY id DESC LIMIT $\(binds.count)"
        return try await read { [sql, binds] c in
            try await Self.rows(c, PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).map { row in
                let (id, at, actor, action, detail) = try row.decode((Int64, Int64, String, String, String).self)
                return AuditEntry(id: id, at: Instant(secondsSinceEpoch: at), actor: actor, action: action, detail: detail)
            }
        }
    }

    private static let quarantineColumns = "id, source_key, source_file, record_key, line, raw_text, reason, first_seen"

    private static func decodeQuarantine(_ row: PostgresRow) throws -> QuarantineEntry {
        let (id, key, file, number, line, raw, reason, first) = try row.decode((Int64, String, String, Int64, Int64?, String, String, Int64).self)
        return QuarantineEntry(
            id: id, inputKey: key,
            record: QuarantinedRecord(
                fileName: file, recordNumber: number < 0 ? nil : Int(number), line: line.map(Int.init), rawText: raw, reason: reason,
                firstSeen: Instant(secondsSinceEpoch: first)))
    }

    public func quarantine(source: String?, before: Int64?, limit: Int?) async throws(StoreError) -> [QuarantineEntry] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let source {
            binds.append(source)
            conditions.append("source_file = $\(binds.count)")
        }
        if let before {
            binds.append(before)
            conditions.append("id < $\(binds.count)")
        }
        var sql =
            "SELECT \(Self.quarantineColumns) FROM quarantine" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY id DESC"
        if let limit {
            binds.append(Int64(limit))
            sql += " LIMIT $\(binds.count)"
        }
        return try await read { [sql, binds] c in
            try await Self.rows(c, PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).map(Self.decodeQuarantine)
        }
    }

    public func quarantineEntry(id: Int64) async throws(StoreError) -> QuarantineEntry? {
        try await read { c in
            try await Self.rows(
                c, PostgresQuery(unsafeSQL: "SELECT \(Self.quarantineColumns) FROM quarantine WHERE id = $1", binds: Self.binds(id)), logger: logger
            ).first.map(Self.decodeQuarantine)
        }
    }

    public func quarantineSources() async throws(StoreError) -> [QuarantineSource] {
        try await read { c in
            try await Self.rows(c, "SELECT source_file, COUNT(*) FROM quarantine GROUP BY source_file ORDER BY source_file", logger: logger).map {
                row in
                let (name, count) = try row.decode((String, Int64).self)
                return QuarantineSource(name: name, count: Int(count))
            }
        }
    }
}

extension PostgresSchema {
    /// Every migration, in the order they apply: the schema's own, then the administration's step.
    static let migrations = schemaMigrations + [adminMigration]

    /// Administration on the web (issue 11 part 6), a migration step of its own: a user can be disabled
    /// (`server_users.disabled_at`, NULL while enabled), a token revoked (`server_source_tokens.revoked_at`, NULL
    /// while valid).
    static let adminMigration: (name: String, sql: [String]) = (
        "v3-access-admin",
        [
            "ALTER TABLE server_users ADD COLUMN disabled_at BIGINT",
            "ALTER TABLE server_source_tokens ADD COLUMN revoked_at BIGINT",
        ]
    )
}
