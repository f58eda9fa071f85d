import ChiSoReport
public import ChiSoStore
public import Foundation
public import Hummingbird
public import HummingbirdAuth

/// The request context: Hummingbird's core storage, the identity the authenticators found (if any) and the body limit.
public struct AppRequestContext: AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user (``SessionAuthenticator``) or the ingestion source (``SourceTokenAuthenticator``).
    public var identity: RequestIdentity?
    /// The signed-in user's session.
    public var session: ServerSession? {
        if case .user(let session, _) = identity { return session }
        return nil
    }
    /// The session id's digest (for sign-out).
    public var sessionDigest: String? {
        if case .user(_, let digest) = identity { return digest }
        return nil
    }
    /// The remote address as text, for the login rate limit.
    public var remote: String
    /// The largest body a handler collects (ingestion sets its own limit).
    public var maxUploadSize: Int { 16 << 20 }
    /// Answers returned as `ResponseEncodable` values are encoded with the package's JSON settings.
    public var responseEncoder: JSONEncoder { JSONOutput.encoder() }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remote = source.channel.remoteAddress.map { "\($0.ipAddress ?? "?")" } ?? "?"
    }

    /// A path parameter, percent-decoded and in NFC (the pages link to `/don-vi/UBND%20X%C3%A3%20%C4%90%C3%B4ng`);
    /// 400 when its escapes are not valid UTF-8.
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "Tham số \(name) trong đường dẫn không hợp lệ: \(raw)")
        }
        return decoded.precomposedStringWithCanonicalMapping
    }
}
