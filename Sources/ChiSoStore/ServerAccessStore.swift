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

    public init(id: Int64 = 0, username: String, passwordHash: String, role: ServerRole, unitCode: String?, createdAt: Instant) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.unitCode = unitCode
        self.createdAt = createdAt
    }
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
}

extension AccessStore {
    /// Adds a user without an audit line.
    public func createUser(_ user: ServerUser) async throws(StoreError) -> ServerUser {
        try await createUser(user, audit: nil)
    }
}
