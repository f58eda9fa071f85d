import ArgumentParser
import ChiSoCore
import ChiSoStore
import Foundation
import Testing

@testable import chiso

/// `chiso user link` makes one-time sign-in links; a disabled user gets none (the link would be refused when opened).
@Suite struct UserLinkTests {
    @Test func aDisabledUserGetsNoLinkAndTheMessageSaysWhy() async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "chiso-user-link-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStore(path: path)
        let user = try await store.createUser(
            ServerUser(id: 0, username: "khoa", passwordHash: "h", role: .office, unitCode: nil, createdAt: .now))
        let command = try UserCommand.Link.parse(["--username", "khoa", "--db", path])
        try await command.run()
        _ = try await store.setUserDisabled(id: user.id, true, audit: AuditEntry(at: .now, actor: "cli", action: "user.disable", detail: "khoa"))
        await #expect {
            try await command.run()
        } throws: { error in
            "\(error)".contains("người dùng khoa đã bị khóa")
        }
    }
}
