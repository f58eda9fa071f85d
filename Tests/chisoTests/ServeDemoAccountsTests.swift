import ChiSoStore
import Testing

@testable import chiso

/// `serve --demo` (issue 11 part 8): `demo` is a province-office account, the administrator a second one.
@Suite struct ServeDemoAccountsTests {
    @Test func demoIsTheProvinceOfficeAndQuantriTheAdministrator() async throws {
        let store = try SQLiteStore.inMemory()
        let accounts = try await ServeCommand.createDemoAccounts(store: store, bcryptCost: 4)
        #expect(accounts.map(\.username) == ["demo", "quantri"])
        #expect(accounts.map(\.title) == ["Văn phòng UBND tỉnh", "quản trị viên"])
        #expect(try await store.user(username: "demo")?.role == .office)
        #expect(try await store.user(username: "quantri")?.role == .admin)
        #expect(accounts.allSatisfy { $0.password.count == 16 && $0.linkToken?.count == 64 })
        // Started again on the same database, the accounts are kept and new links made.
        let again = try await ServeCommand.createDemoAccounts(store: store, bcryptCost: 4)
        #expect(again.map(\.password) == ["(đã tạo trước đó)", "(đã tạo trước đó)"])
        #expect(again.allSatisfy { $0.linkToken != nil })
    }
}
