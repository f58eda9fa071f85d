import ChiSoCore
import ChiSoStore
import Hummingbird

/// What a signed-in user may see.
struct Access: Sendable {
    let session: ServerSession
    /// Codes the user may see; nil for every unit.
    let units: Set<String>?

    init(session: ServerSession, catalogue: Catalogue) {
        self.session = session
        switch session.user.role {
        case .admin, .office: units = nil
        case .unit: units = Set(session.user.unitCode.map { catalogue.subtree(of: $0) } ?? [])
        }
    }

    var isAdmin: Bool { session.user.role == .admin }
    var isUnitOfficer: Bool { session.user.role == .unit }

    func allows(_ code: String) -> Bool { units?.contains(code) ?? true }

    /// Throws 403 unless the unit is visible.
    func require(_ code: String) throws {
        guard allows(code) else { throw HTTPError(.forbidden, message: "Bạn không có quyền xem đơn vị này.") }
    }
}

extension AppRequestContext {
    /// The session, or 401 for anonymous callers.
    func requireSession() throws -> ServerSession {
        guard let session else { throw HTTPError(.unauthorized, message: "Cần đăng nhập.") }
        return session
    }
}
