import ChiSoCore
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Finds the session named by the `chiso_session` cookie (a stored session, not expired) and makes its user the
/// request's identity; a request without one goes on anonymous.
struct SessionAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "chiso_session"
    let store: any ServerStore
    let clock: @Sendable () -> Instant

    func authenticate(request: Request, context: Context) async throws -> RequestIdentity? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { return nil }
        let digest = Secrets.digest(id)
        return try await store.session(idDigest: digest, at: clock()).map { .user($0, sessionDigest: digest) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let identity = try await authenticate(request: request, context: context) {
            context.identity = identity
            if let session = context.session { context.logger[metadataKey: "user"] = "\(session.user.username)" }
        }
        return try await next(request, context)
    }
}

/// Finds the ingestion source named by the `Authorization: Bearer` token (the scheme's name in any case, as HTTP
/// defines it). A missing header leaves the request anonymous (the route answers 401); an unknown token is refused at
/// once with 401, before the body is read.
struct SourceTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let store: any ServerStore

    func authenticate(request: Request, context: Context) async throws -> RequestIdentity? {
        let parts = (request.headers[.authorization] ?? "").split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let found = try await store.sourceToken(digest: Secrets.digest(token)) else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""], message: "Mã xác thực của nguồn dữ liệu không hợp lệ.")
        }
        return .source(found)
    }
}
