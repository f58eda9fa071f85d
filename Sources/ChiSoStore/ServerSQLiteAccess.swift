public import ChiSoCore
import GRDB

// Users, sessions, ingestion tokens and the audit log: their tables are part of the migrations (``Schema``).
extension SQLiteStore: AccessStore {
    static func decodeUser(_ row: Row) -> ServerUser {
        ServerUser(
            id: row["id"], username: row["username"], passwordHash: row["password_hash"],
            role: ServerRole(rawValue: row["role"]) ?? .unit, unitCode: row["unit_code"],
            createdAt: Instant(secondsSinceEpoch: row["created_at"]))
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
                        JOIN server_users u ON u.id = s.user_id WHERE s.id_digest = ? AND s.expires_at > ?
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
                    WHERE l.digest = ? AND l.expires_at > ?
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
            try Row.fetchOne(db, sql: "SELECT source, scope FROM server_source_tokens WHERE digest = ?", arguments: [digest]).map { row in
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
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM server_audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                AuditEntry(
                    id: row["id"], at: Instant(secondsSinceEpoch: row["at"]), actor: row["actor"], action: row["action"], detail: row["detail"])
            }
        }
    }
}
