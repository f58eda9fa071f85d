public import ChiSoStore

/// Who a request comes from, as the authenticators found it: a signed-in user (session cookie) or a one-stop system
/// (bearer token of the ingestion routes).
public enum RequestIdentity: Sendable {
    /// A user's session, with the digest of the session's id (sign-out deletes it).
    case user(ServerSession, sessionDigest: String)
    /// An ingestion source and its token's scope.
    case source(SourceToken)
}
