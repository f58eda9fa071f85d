public import ChiSoCore

/// The roles of the web application.
public enum ServerRole: String, Hashable, Sendable, CaseIterable {
    /// Administrator: everything, including users and source tokens.
    case admin
    /// Province office (Văn phòng UBND tỉnh): every unit.
    case office
    /// Unit officer: the own unit and its children only.
    case unit
}

/// A user of the web application, with the password hash (never the password).
public struct ServerUser: Hashable, Sendable {
    public var id: Int64
    public var username: String
    public var passwordHash: String
    public var role: ServerRole
    /// The unit of a unit officer.
    public var unitCode: String?
    public var createdAt: Instant
    /// When an administrator disabled the user; nil while enabled. A disabled user cannot sign in and has no session.
    public var disabledAt: Instant?

    public init(
        id: Int64 = 0, username: String, passwordHash: String, role: ServerRole, unitCode: String?, createdAt: Instant, disabledAt: Instant? = nil
    ) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.unitCode = unitCode
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    /// Whether the user is disabled.
    public var isDisabled: Bool { disabledAt != nil }
}

/// A signed-in session: the user and the session's CSRF token.
public struct ServerSession: Hashable, Sendable {
    public var user: ServerUser
    public var csrfToken: String
    public var expiresAt: Instant

    public init(user: ServerUser, csrfToken: String, expiresAt: Instant) {
        self.user = user
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// One line of the audit log: who changed what, when.
public struct AuditEntry: Hashable, Sendable {
    public var id: Int64
    public var at: Instant
    /// `user:NAME`, `source:NAME` or `cli`.
    public var actor: String
    /// A stable action name, e.g. `ingest.dossiers`, `user.create`, `token.create`.
    public var action: String
    /// What changed, in words (counts, codes).
    public var detail: String

    public init(id: Int64 = 0, at: Instant, actor: String, action: String, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
    }
}

/// What an ingestion token may change.
public enum SourceScope: String, Hashable, Sendable, CaseIterable {
    /// Dossiers, processing steps, petitions and ratings (the default).
    case dossiers
    /// The unit and procedure catalogue only.
    case catalogue
}

/// A valid ingestion token: its source and scope.
public struct SourceToken: Hashable, Sendable {
    public var source: String
    public var scope: SourceScope

    public init(source: String, scope: SourceScope) {
        self.source = source
        self.scope = scope
    }
}

/// An ingestion token as the administration lists it: never the token itself, which is shown once when created.
public struct SourceTokenInfo: Hashable, Sendable {
    /// The SHA-256 digest of the token, its key (the token cannot be recovered from it).
    public var digest: String
    public var source: String
    public var scope: SourceScope
    public var createdAt: Instant
    /// When it was revoked; nil while valid.
    public var revokedAt: Instant?
    /// When the token's source last sent data that changed something (its latest audit line), if it ever did.
    public var sourceLastUsedAt: Instant?

    public init(
        digest: String, source: String, scope: SourceScope, createdAt: Instant, revokedAt: Instant? = nil, sourceLastUsedAt: Instant? = nil
    ) {
        self.digest = digest
        self.source = source
        self.scope = scope
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.sourceLastUsedAt = sourceLastUsedAt
    }
}

/// Which audit lines to list.
public struct AuditFilter: Hashable, Sendable {
    /// The actor, exactly (`user:NAME`, `source:NAME`, `cli`); nil for every actor.
    public var actor: String?
    /// The action, exactly, or the first parts of its name (`user` lists `user.create`, `user.disable`, …); nil for
    /// every action.
    public var action: String?

    public init(actor: String? = nil, action: String? = nil) {
        self.actor = actor
        self.action = action
    }
}

/// A record in quarantine, with its key and the input it was read from.
public struct QuarantineEntry: Hashable, Sendable {
    public var id: Int64
    /// The identity of the input: a file's full path, or the source's name (`http:SOURCE`) for a record sent over HTTP.
    public var inputKey: String
    public var record: QuarantinedRecord

    public init(id: Int64, inputKey: String, record: QuarantinedRecord) {
        self.id = id
        self.inputKey = inputKey
        self.record = record
    }
}

/// A source of quarantined records (a file's name, or `http:SOURCE`) and how many of them it has.
public struct QuarantineSource: Hashable, Sendable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}

/// Users, sessions, ingestion tokens and the audit log of the web application.
///
/// Secrets are stored hashed only: session ids and tokens as SHA-256 digests computed by the caller,
/// passwords as bcrypt hashes.
public protocol AccessStore: Sendable {
    /// Adds a user, with its audit line (when given) in the same transaction; throws a constraint violation when the
    /// name is taken.
    func createUser(_ user: ServerUser, audit: AuditEntry?) async throws(StoreError) -> ServerUser
    /// Replaces a user's password hash.
    func setPassword(username: String, passwordHash: String) async throws(StoreError) -> Bool
    func user(username: String) async throws(StoreError) -> ServerUser?
    func users() async throws(StoreError) -> [ServerUser]
    /// Stores a session under the digest of its id.
    func createSession(idDigest: String, userID: Int64, csrfToken: String, createdAt: Instant, expiresAt: Instant) async throws(StoreError)
    /// The live session with that id digest at `at`, if any.
    func session(idDigest: String, at: Instant) async throws(StoreError) -> ServerSession?
    func deleteSession(idDigest: String) async throws(StoreError)
    /// Stores a one-time sign-in link (digest) for a user, with its audit line (`audit`) in the same transaction.
    func createLoginLink(digest: String, userID: Int64, expiresAt: Instant, audit: AuditEntry) async throws(StoreError)
    /// Consumes a one-time sign-in link: the user when it was valid, and the link is gone either way. A valid link's
    /// use is audited (`login.link`) in the same transaction.
    func consumeLoginLink(digest: String, at: Instant) async throws(StoreError) -> ServerUser?
    /// Stores an ingestion token (digest) for a source, with its audit line (`audit`) in the same transaction.
    func createSourceToken(digest: String, source: String, scope: SourceScope, audit: AuditEntry) async throws(StoreError)
    /// The source and scope of a valid token digest.
    func sourceToken(digest: String) async throws(StoreError) -> SourceToken?
    /// Appends to the audit log (append-only: its lines cannot be changed or deleted).
    func appendAudit(_ entry: AuditEntry) async throws(StoreError)
    /// The newest audit entries first.
    func auditLog(limit: Int) async throws(StoreError) -> [AuditEntry]

    // MARK: Administration

    /// The user with that id, enabled or not.
    func user(id: Int64) async throws(StoreError) -> ServerUser?
    /// Gives a user another role and unit, with its audit line in the same transaction; nil when no user has that id.
    func updateUser(id: Int64, role: ServerRole, unitCode: String?, audit: AuditEntry) async throws(StoreError) -> ServerUser?
    /// Disables a user (at `audit.at`) or enables them again, with the audit line in the same transaction. Disabling
    /// ends the user's sessions and drops their one-time sign-in links in that transaction too. Nil when no user has
    /// that id.
    func setUserDisabled(id: Int64, _ disabled: Bool, audit: AuditEntry) async throws(StoreError) -> ServerUser?
    /// Every ingestion token, revoked ones included, newest first.
    func sourceTokens() async throws(StoreError) -> [SourceTokenInfo]
    /// Revokes a valid token (at `audit.at`), with its audit line in the same transaction: the token no longer
    /// authenticates. False, and nothing written, when no valid token has that digest.
    func revokeSourceToken(digest: String, audit: AuditEntry) async throws(StoreError) -> Bool
    /// Audit entries matching `filter`, newest first, from the entry before `before` (an id; nil for the newest).
    func auditLog(_ filter: AuditFilter, before: Int64?, limit: Int) async throws(StoreError) -> [AuditEntry]
    /// Quarantined records of `source` (a record's file name, `http:SOURCE` for HTTP; nil for every source), newest
    /// first, from the record before `before` (an id; nil for the newest); every one when `limit` is nil.
    func quarantine(source: String?, before: Int64?, limit: Int?) async throws(StoreError) -> [QuarantineEntry]
    /// One quarantined record.
    func quarantineEntry(id: Int64) async throws(StoreError) -> QuarantineEntry?
    /// The sources of the quarantine with their counts, by name.
    func quarantineSources() async throws(StoreError) -> [QuarantineSource]
}

extension AccessStore {
    /// Adds a user without an audit line.
    public func createUser(_ user: ServerUser) async throws(StoreError) -> ServerUser {
        try await createUser(user, audit: nil)
    }
}
