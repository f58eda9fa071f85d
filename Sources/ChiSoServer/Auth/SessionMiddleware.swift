import ChiSoCore
import ChiSoStore
import Hummingbird
import Logging

/// Finds the session named by the `chiso_session` cookie and puts it in the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "chiso_session"
    let store: any ServerStore
    let clock: @Sendable () -> Instant

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let id = request.cookies[Self.cookieName]?.value, !id.isEmpty {
            let digest = Secrets.digest(id)
            if let session = try await store.session(idDigest: digest, at: clock()) {
                context.session = session
                context.sessionDigest = digest
                context.logger[metadataKey: "user"] = "\(session.user.username)"
            }
        }
        return try await next(request, context)
    }
}

/// Adds security headers to every answer (no framing, no sniffing, same-origin referrer, a strict CSP).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
        }
        return response
    }
}
