import Hummingbird

/// Answers requests that no route may serve before any handler runs: 414 for a request target longer than
/// ``maxTargetBytes`` (8 KiB), and 405 with the `Allow` header for a method the path does not have (`TRACE` on
/// every path; `DELETE /health`). Paths that match no route go on to the router's 404.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let maxTargetBytes = 8 << 10
    /// The documented routes, as path segments (`{name}` matches any one segment).
    let routes: [(method: HTTPRequest.Method, segments: [Substring])]

    init(routes: [RouteSpec]) {
        self.routes = routes.map { ($0.method, $0.path.split(separator: "/")) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.description.utf8.count > Self.maxTargetBytes {
            throw HTTPError(.uriTooLong, message: "Địa chỉ yêu cầu dài quá \(Self.maxTargetBytes) byte.")
        }
        let segments = request.uri.path.split(separator: "/")
        let methods = routes.filter { matches($0.segments, segments) }.map(\.method)
        let allowed = methods.contains(.get) ? methods + [.head] : methods
        if request.method == .trace || (!methods.isEmpty && !allowed.contains(request.method)) {
            let allow = Set(allowed.map(\.rawValue)).sorted().joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, headers: [.allow: allow], message: "Phương thức \(request.method.rawValue) không được hỗ trợ ở địa chỉ này.")
        }
        return try await next(request, context)
    }

    private func matches(_ route: [Substring], _ path: [Substring]) -> Bool {
        route.count == path.count && zip(route, path).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}
