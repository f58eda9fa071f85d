public import ChiSoCore
import GRDB

// Users, sessions, ingestion tokens and the audit log: their tables are part of the migrations (``Schema``).
extension SQLiteStore: AccessStore {
    /// Administration on the web, a migration step of its own (after `v4-access`, which creates the access tables): a
    /// user can be disabled (`server_users.disabled_at`, NULL while enabled), a token revoked
    /// (`server_source_tokens.revoked_at`, NULL while valid).
    static let adminMigration = """
        ALTER TABLE server_users ADD COLUMN disabled_at INTEGER;
        ALTER TABLE server_source_tokens ADD COLUMN revoked_at INTEGER;
        """

    static func decodeUser(_ row: Row) -> ServerUser {
        ServerUser(
            id: row["id"], username: row["username"], passwordHash: row["password_hash"],
            role: ServerRole(rawValue: row["role"]) ?? .unit, unitCode: row["unit_code"],
            createdAt: Instant(secondsSinceEpoch: row["created_at"]),
            disabledAt: (row["disabled_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)))
    }

    public func createUser(_ user: ServerUser, audit: AuditEntry?) async throws(StoreError) -> ServerUser {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO server_users (username, password_hash, role, unit_code, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [user.username, user.passwordHash, user.role.rawValue, user.unitCode, user.createdAt.secondsSinceEpoch])
            // The user's id before the audit row is written: that insert moves `lastInsertedRowID`.
            var stored = user
            stored.id = db.lastInsertedRowID
            if let audit { try SQLiteStore.appendAudit(db, audit) }
            return stored
        }
    }

    public func setPassword(username: String, passwordHash: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE server_users SET password_hash = ? WHERE username = ?", arguments: [passwordHash, username])
            return db.changesCount > 0
        }
    }

    public func user(username: String) async throws(StoreError) -> ServerUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM server_users WHERE username = ?", arguments: [username]).map(SQLiteStore.decodeUser)
        }
    }

    public func users() async throws(StoreError) -> [ServerUser] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM server_users ORDER BY id").map(SQLiteStore.decodeUser) }
    }

    public func createSession(idDigest: String, userID: Int64, csrfToken: String, createdAt: Instant, expiresAt: Instant) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM server_sessions WHERE expires_at <= ?", arguments: [createdAt.secondsSinceEpoch])
            try db.execute(
                sql: "INSERT INTO server_sessions (id_digest, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [idDigest, userID, csrfToken, createdAt.secondsSinceEpoch, expiresAt.secondsSinceEpoch])
        }
    }

    public func session(idDigest: String, at: Instant) async throws(StoreError) -> ServerSession? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT u.*, s.csrf AS s_csrf, s.expires_at AS s_expires FROM server_sessions s
                        JOIN server_users u ON u.id = s.user_id
                        WHERE s.id_digest = ? AND s.expires_at > ? AND u.disabled_at IS NULL
                        """,
                    arguments: [idDigest, at.secondsSinceEpoch])
            else { return nil }
            return ServerSession(
                user: SQLiteStore.decodeUser(row), csrfToken: row["s_csrf"], expiresAt: Instant(secondsSinceEpoch: row["s_expires"]))
        }
    }

    public func deleteSession(idDigest: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: "DELETE FROM server_sessions WHERE id_digest = ?", arguments: [idDigest]) }
    }

    public func createLoginLink(digest: String, userID: Int64, expiresAt: Instant, audit: AuditEntry) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO server_login_links (digest, user_id, expires_at) VALUES (?, ?, ?)",
                arguments: [digest, userID, expiresAt.secondsSinceEpoch])
            try SQLiteStore.appendAudit(db, audit)
        }
    }

    public func consumeLoginLink(digest: String, at: Instant) async throws(StoreError) -> ServerUser? {
        try await write { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT u.* FROM server_login_links l JOIN server_users u ON u.id = l.user_id
                    WHERE l.digest = ? AND l.expires_at > ? AND u.disabled_at IS NULL
                    """,
                arguments: [digest, at.secondsSinceEpoch])
            try db.execute(sql: "DELETE FROM server_login_links WHERE digest = ? OR expires_at <= ?", arguments: [digest, at.secondsSinceEpoch])
            let user = row.map(SQLiteStore.decodeUser)
            if let user {
                try SQLiteStore.appendAudit(
                    db, AuditEntry(at: at, actor: "user:\(user.username)", action: "login.link", detail: "đăng nhập bằng liên kết dùng một lần"))
            }
            return user
        }
    }

    public func createSourceToken(digest: String, source: String, scope: SourceScope, audit: AuditEntry) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO server_source_tokens (digest, source, created_at, scope) VALUES (?, ?, ?, ?)",
                arguments: [digest, source, audit.at.secondsSinceEpoch, scope.rawValue])
            try SQLiteStore.appendAudit(db, audit)
        }
    }

    public func sourceToken(digest: String) async throws(StoreError) -> SourceToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT source, scope FROM server_source_tokens WHERE digest = ? AND revoked_at IS NULL", arguments: [digest])
                .map { row in
                    // An unknown scope (written by a newer version) grants the narrowest one.
                    SourceToken(source: row["source"], scope: SourceScope(rawValue: row["scope"]) ?? .dossiers)
                }
        }
    }

    public func appendAudit(_ entry: AuditEntry) async throws(StoreError) {
        try await write { db in try SQLiteStore.appendAudit(db, entry) }
    }

    /// Appends to the audit log inside the caller's transaction.
    static func appendAudit(_ db: Database, _ entry: AuditEntry) throws {
        try db.execute(
            sql: "INSERT INTO server_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            arguments: [entry.at.secondsSinceEpoch, entry.actor, entry.action, entry.detail])
    }

    public func auditLog(limit: Int) async throws(StoreError) -> [AuditEntry] {
        try await auditLog(AuditFilter(), before: nil, limit: limit)
    }

    // MARK: Administration

    public func user(id: Int64) async throws(StoreError) -> ServerUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM server_users WHERE id = ?", arguments: [id]).map(SQLiteStore.decodeUser)
        }
    }

    public func updateUser(id: Int64, role: ServerRole, unitCode: String?, audit: AuditEntry) async throws(StoreError) -> ServerUser? {
        try await write { db in
            try db.execute(sql: "UPDATE server_users SET role = ?, unit_code = ? WHERE id = ?", arguments: [role.rawValue, unitCode, id])
            guard db.changesCount > 0 else { return nil }
            try SQLiteStore.appendAudit(db, audit)
            return try Row.fetchOne(db, sql: "SELECT * FROM server_users WHERE id = ?", arguments: [id]).map(SQLiteStore.decodeUser)
        }
    }

    public func setUserDisabled(id: Int64, _ disabled: Bool, audit: AuditEntry) async throws(StoreError) -> ServerUser? {
        try await write { db in
            try db.execute(
                sql: "UPDATE server_users SET disabled_at = ? WHERE id = ?", arguments: [disabled ? audit.at.secondsSinceEpoch : nil, id])
            guard db.changesCount > 0 else { return nil }
            if disabled {
                try db.execute(sql: "DELETE FROM server_sessions WHERE user_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM server_login_links WHERE user_id = ?", arguments: [id])
            }
            try SQLiteStore.appendAudit(db, audit)
            return try Row.fetchOne(db, sql: "SELECT * FROM server_users WHERE id = ?", arguments: [id]).map(SQLiteStore.decodeUser)
        }
    }

    public func sourceTokens() async throws(StoreError) -> [SourceTokenInfo] {
        try await read { db in
            // A source's last use is its newest audit line (a batch that changed something), in one pass over the log.
            let lastUse = try Row.fetchAll(
                db, sql: "SELECT actor, MAX(at) AS at FROM server_audit WHERE actor LIKE 'source:%' GROUP BY actor"
            ).reduce(into: [String: Int64]()) { $0[$1["actor"] as String] = $1["at"] as Int64 }
            return try Row.fetchAll(db, sql: "SELECT * FROM server_source_tokens ORDER BY created_at DESC, rowid DESC").map { row in
                let source: String = row["source"]
                return SourceTokenInfo(
                    digest: row["digest"], source: source, scope: SourceScope(rawValue: row["scope"]) ?? .dossiers,
                    createdAt: Instant(secondsSinceEpoch: row["created_at"]),
                    revokedAt: (row["revoked_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                    sourceLastUsedAt: lastUse["source:" + source].map(Instant.init(secondsSinceEpoch:)))
            }
        }
    }

    public func revokeSourceToken(digest: String, audit: AuditEntry) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE server_source_tokens SET revoked_at = ? WHERE digest = ? AND revoked_at IS NULL",
                arguments: [audit.at.secondsSinceEpoch, digest])
            guard db.changesCount > 0 else { return false }
            try SQLiteStore.appendAudit(db, audit)
            return true
        }
    }

    public func auditLog(_ filter: AuditFilter, before: Int64?, limit: Int) async throws(StoreError) -> [AuditEntry] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let actor = filter.actor {
            conditions.append("actor = ?")
            arguments += [actor]
        }
        if let action = filter.action {
            conditions.append("(action = ? OR substr(action, 1, ?) = ?)")
            arguments += [action, action.unicodeScalars.count + 1, action + "."]
        }
        if let before {
            conditions.append("id < ?")
            arguments += [before]
        }
        arguments += [limit]
        let sql =
            "SELECT * FROM server_audit" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY id DESC LIMIT ?"
        return try await read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(
                    id: row["id"], at: Instant(secondsSinceEpoch: row["at"]), actor: row["actor"], action: row["action"], detail: row["detail"])
            }
        }
    }

    static func decodeQuarantine(_ row: Row) -> QuarantineEntry {
        let key: Int = row["record_key"]
        return QuarantineEntry(
            id: row["id"], inputKey: row["source_key"],
            record: QuarantinedRecord(
                fileName: row["source_file"], recordNumber: key < 0 ? nil : key, line: row["line"], rawText: row["raw_text"],
                reason: row["reason"], firstSeen: Instant(secondsSinceEpoch: row["first_seen"])))
    }

    public func quarantine(source: String?, before: Int64?, limit: Int?) async throws(StoreError) -> [QuarantineEntry] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let source {
            conditions.append("source_file = ?")
            arguments += [source]
        }
        if let before {
            conditions.append("id < ?")
            arguments += [before]
        }
        var sql = "SELECT * FROM quarantine" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try await read { [sql, arguments] db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(SQLiteStore.decodeQuarantine) }
    }

    public func quarantineEntry(id: Int64) async throws(StoreError) -> QuarantineEntry? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM quarantine WHERE id = ?", arguments: [id]).map(SQLiteStore.decodeQuarantine)
        }
    }

    public func quarantineSources() async throws(StoreError) -> [QuarantineSource] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT source_file, COUNT(*) AS n FROM quarantine GROUP BY source_file ORDER BY source_file").map { row in
                QuarantineSource(name: row["source_file"], count: row["n"])
            }
        }
    }
}
