import ChiSoCore
import ChiSoStore
import Hummingbird
import Logging

/// Errors on pages are pages (issue 11 part 5): a malformed parameter (400), something not found (404) or a period
/// that is not scored (422) on a browser's address answers the site's layout with a Vietnamese message and a way
/// back; the API, the OpenAPI document, health and metrics keep their JSON errors (an address of the API without a
/// route gets one too). Unexpected errors are logged at error level.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where Self.isPage(request.uri.path) && (error.status == .badRequest || error.status == .notFound) {
            return Self.page(status: error.status, message: error.body, session: context.session)
        } catch let refusal as PeriodRefusal where Self.isPage(request.uri.path) {
            // A period that is not scored (DOMAIN §4a D11), wherever a page meets it.
            return Self.page(status: refusal.status, message: refusal.description, session: context.session)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // No route at this address of the API: a JSON error that says so.
            throw HTTPError(.notFound, message: "Không có địa chỉ \(request.uri.path) trong API.")
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error(
                "request.failed", metadata: ["hb.request.path": .string(request.uri.path), "error": .string(String(describing: error))])
            throw error
        }
    }

    /// Whether a path is a page (not the API, nor a machine-readable document).
    static func isPage(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/openapi.json" || path == "/health" || path == "/metrics" || path.hasPrefix("/static/"))
    }

    /// The error page: title, message, and links back to where a user can go on.
    static func page(status: HTTPResponse.Status, message: String?, session: ServerSession?) -> Response {
        let notFound = status == .notFound
        let title = notFound ? "Không tìm thấy" : status == .unprocessableContent ? "Không có số liệu" : "Yêu cầu không hợp lệ"
        let text = message ?? (notFound ? "Địa chỉ này không có trên trang." : "Tham số của địa chỉ không hợp lệ.")
        let back = session == nil ? Link(path: "/cong-khai", text: "Về trang công khai") : Link(path: "/", text: "Về trang tổng quan")
        let body = Templates.shipped.render(ErrorView(title: title, message: text, back: back), "error")
        return .html(
            HTML.page(title: title, user: session?.user.username, csrf: session?.csrfToken, body: body, admin: session?.user.role == .admin),
            status: status)
    }

    /// The error page's content.
    struct ErrorView {
        let title: String
        let message: String
        let back: Link
    }

    struct Link {
        let path: String
        let text: String
    }
}
