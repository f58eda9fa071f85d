import ChiSoCore
import ChiSoTesting
import Foundation
import GRDB
import Testing

@testable import ChiSoStore

/// What the administration on the web asks of both stores (issue 11 part 6): disabling users, changing their role,
/// revoking tokens, and reading the audit log and the quarantine a page at a time.
@Suite struct AccessAdminContractTests {
    func store(_ backend: Backend) async throws -> any Store & AccessStore {
        let store = try #require(try await backend.make() as? any Store & AccessStore)
        return store
    }

    func line(_ action: String, _ detail: String = "", actor: String = "user:quantri", at: Instant = t0) -> AuditEntry {
        AuditEntry(at: at, actor: actor, action: action, detail: detail)
    }

    @Test(arguments: Backend.all)
    func aDisabledUserHasNoSessionNorSignInLinkUntilEnabled(_ backend: Backend) async throws {
        let store = try await store(backend)
        let user = try await store.createUser(ServerUser(username: "can-bo", passwordHash: "h", role: .office, unitCode: nil, createdAt: t0))
        let later = t0.adding(seconds: 60)
        try await store.createSession(idDigest: "s1", userID: user.id, csrfToken: "c", createdAt: t0, expiresAt: t0.adding(seconds: 3600))
        try await store.createLoginLink(digest: "l1", userID: user.id, expiresAt: t0.adding(seconds: 600), audit: line("login.link.create"))
        #expect(try await store.session(idDigest: "s1", at: later)?.user.username == "can-bo")

        let disabled = try #require(try await store.setUserDisabled(id: user.id, true, audit: line("user.disable", "khóa can-bo", at: later)))
        #expect(disabled.disabledAt == later && disabled.isDisabled)
        #expect(try await store.user(username: "can-bo")?.disabledAt == later)
        #expect(try await store.users().first { $0.id == user.id }?.isDisabled == true)
        // The open session ended, the link no longer signs in, and a session made anyway is not honoured.
        #expect(try await store.session(idDigest: "s1", at: later) == nil)
        #expect(try await store.consumeLoginLink(digest: "l1", at: later) == nil)
        try await store.createSession(idDigest: "s2", userID: user.id, csrfToken: "c", createdAt: later, expiresAt: t0.adding(seconds: 3600))
        #expect(try await store.session(idDigest: "s2", at: later) == nil)

        let enabled = try #require(try await store.setUserDisabled(id: user.id, false, audit: line("user.enable", "mở khóa can-bo")))
        #expect(enabled.disabledAt == nil)
        #expect(try await store.session(idDigest: "s1", at: later) == nil, "an ended session stays ended")
        try await store.createSession(idDigest: "s3", userID: user.id, csrfToken: "c", createdAt: later, expiresAt: t0.adding(seconds: 3600))
        #expect(try await store.session(idDigest: "s3", at: later)?.user.username == "can-bo")

        // An unknown user: nothing changes, no audit line.
        #expect(try await store.setUserDisabled(id: 9_999, true, audit: line("user.disable")) == nil)
        #expect(try await store.auditLog(limit: 10).map(\.action) == ["user.enable", "user.disable", "login.link.create"])
    }

    @Test(arguments: Backend.all)
    func aChangedRoleHoldsFromTheNextRequest(_ backend: Backend) async throws {
        let store = try await store(backend)
        let user = try await store.createUser(ServerUser(username: "cb", passwordHash: "h", role: .office, unitCode: nil, createdAt: t0))
        try await store.createSession(idDigest: "s", userID: user.id, csrfToken: "c", createdAt: t0, expiresAt: t0.adding(seconds: 3600))
        let changed = try #require(try await store.updateUser(id: user.id, role: .unit, unitCode: "U1", audit: line("user.update", "cb")))
        #expect(changed.role == .unit && changed.unitCode == "U1" && changed.id == user.id && changed.passwordHash == "h")
        let session = try #require(try await store.session(idDigest: "s", at: t0))
        #expect(session.user.role == .unit && session.user.unitCode == "U1")
        _ = try await store.updateUser(id: user.id, role: .admin, unitCode: nil, audit: line("user.update", "cb"))
        #expect(try await store.user(id: user.id)?.unitCode == nil)
        #expect(try await store.user(id: user.id)?.role == .admin)
        #expect(try await store.updateUser(id: 9_999, role: .admin, unitCode: nil, audit: line("user.update")) == nil)
        #expect(try await store.user(id: 9_999) == nil)
        #expect(try await store.auditLog(limit: 10).map(\.action) == ["user.update", "user.update"])
    }

    @Test(arguments: Backend.all)
    func aRevokedTokenNoLongerAuthenticatesAndStaysListed(_ backend: Backend) async throws {
        let store = try await store(backend)
        try await store.createSourceToken(digest: "d-igate", source: "igate", scope: .dossiers, audit: line("token.create", at: t0))
        try await store.createSourceToken(digest: "d-dm", source: "danh-muc", scope: .catalogue, audit: line("token.create", at: day(1)))
        // The source's last use: its newest audit line.
        let audit = IngestAudit(actor: "source:igate", action: "ingest.dossiers")
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(RandomDossiers.generated(2)), at: day(2), source: "igate", audit: audit))
        var tokens = try await store.sourceTokens()
        #expect(tokens.map(\.digest) == ["d-dm", "d-igate"], "newest first")
        #expect(tokens.map(\.scope) == [.catalogue, .dossiers])
        #expect(tokens.map(\.createdAt) == [day(1), t0])
        #expect(tokens.map(\.sourceLastUsedAt) == [nil, day(2)])
        #expect(tokens.allSatisfy { $0.revokedAt == nil })

        #expect(try await store.revokeSourceToken(digest: "d-igate", audit: line("token.revoke", "igate", at: day(3))))
        #expect(try await store.sourceToken(digest: "d-igate") == nil)
        #expect(try await store.sourceToken(digest: "d-dm") == SourceToken(source: "danh-muc", scope: .catalogue))
        tokens = try await store.sourceTokens()
        #expect(tokens.map(\.revokedAt) == [nil, day(3)])
        // Revoking again, or an unknown digest: false, and no audit line.
        #expect(try await !store.revokeSourceToken(digest: "d-igate", audit: line("token.revoke")))
        #expect(try await !store.revokeSourceToken(digest: "khong-co", audit: line("token.revoke")))
        #expect(try await store.auditLog(AuditFilter(action: "token.revoke"), before: nil, limit: 10).count == 1)
    }

    @Test(arguments: Backend.all)
    func theAuditLogIsReadAPageAtATimeByActorAndAction(_ backend: Backend) async throws {
        let store = try await store(backend)
        let lines = [
            line("user.create", actor: "cli"), line("user.disable"), line("users.export"), line("token.create"), line("user"),
            line("ingest.dossiers", actor: "source:igate"), line("user.create.extra"),
        ]
        for l in lines { try await store.appendAudit(l) }
        let all = try await store.auditLog(AuditFilter(), before: nil, limit: 100)
        #expect(all.map(\.action) == lines.reversed().map(\.action))
        #expect(try await store.auditLog(limit: 100) == all)
        // `user` is the action itself or its first part: not `users.export`.
        let user = try await store.auditLog(AuditFilter(action: "user"), before: nil, limit: 100).map(\.action)
        #expect(user == ["user.create.extra", "user", "user.disable", "user.create"])
        #expect(
            try await store.auditLog(AuditFilter(action: "user.create"), before: nil, limit: 100).map(\.action) == [
                "user.create.extra", "user.create",
            ])
        #expect(try await store.auditLog(AuditFilter(actor: "source:igate"), before: nil, limit: 100).map(\.action) == ["ingest.dossiers"])
        #expect(try await store.auditLog(AuditFilter(actor: "cli", action: "user"), before: nil, limit: 100).map(\.action) == ["user.create"])
        #expect(try await store.auditLog(AuditFilter(actor: "user:khac"), before: nil, limit: 100).isEmpty)
        // Pages: each one goes on below the last id of the one before.
        let first = try await store.auditLog(AuditFilter(), before: nil, limit: 3)
        let second = try await store.auditLog(AuditFilter(), before: first.last?.id, limit: 3)
        let third = try await store.auditLog(AuditFilter(), before: second.last?.id, limit: 3)
        #expect(first + second + third == all)
        #expect(third.count == 1)
        // A filtered page below the `ingest.dossiers` line.
        let filtered = try await store.auditLog(AuditFilter(action: "user"), before: all[1].id, limit: 2)
        #expect(filtered.map(\.action) == ["user", "user.disable"])
    }

    @Test(arguments: Backend.all)
    func theQuarantineIsListedBySourceAndKeepsEachRecordByteForByte(_ backend: Backend) async throws {
        let store = try await store(backend)
        // Decomposed (NFD) Vietnamese, a CR LF, a tab, a trailing space and a lone escaped byte: kept as they came.
        let odd = "{\"MaHoSo\":\"HS\u{0301}\",\r\n\t\"GhiChu\":\"Ho\u{0302}\u{0300} so\u{031B} \\xFF\" } "
        let a = QuarantinedRecord(fileName: "a.jsonl", recordNumber: 2, line: 3, rawText: odd, reason: "thiếu trường NgayTiepNhan")
        let b = QuarantinedRecord(fileName: "b.csv", recordNumber: nil, line: 7, rawText: "x,y", reason: "sai số cột")
        let c = QuarantinedRecord(fileName: "http:igate", recordNumber: 1, line: nil, rawText: "{", reason: "JSON cắt cụt")
        _ = try await store.ingest(dossiers: IngestBatch(records: [], quarantine: [a], at: t0, inputKey: "/du-lieu/a.jsonl"))
        _ = try await store.ingest(dossiers: IngestBatch(records: [], quarantine: [b], at: day(1)))
        _ = try await store.ingest(dossiers: IngestBatch(records: [], quarantine: [c], at: day(2)))

        let all = try await store.quarantine(source: nil, before: nil, limit: nil)
        #expect(all.map(\.record.fileName) == ["http:igate", "b.csv", "a.jsonl"], "newest first")
        #expect(all.map(\.inputKey) == ["http:igate", "b.csv", "/du-lieu/a.jsonl"])
        #expect(all.map(\.record.firstSeen) == [day(2), day(1), t0])
        let stored = try #require(all.last)
        #expect(Array(stored.record.rawText.utf8) == Array(odd.utf8))
        #expect(stored.record.recordNumber == 2 && stored.record.line == 3 && stored.record.reason == "thiếu trường NgayTiepNhan")
        #expect(all[1].record.recordNumber == nil && all[1].record.line == 7)

        let one = try #require(try await store.quarantineEntry(id: stored.id))
        #expect(Array(one.record.rawText.utf8) == Array(odd.utf8) && one == stored)
        #expect(try await store.quarantineEntry(id: 9_999) == nil)

        #expect(try await store.quarantine(source: "b.csv", before: nil, limit: 10).map(\.record.rawText) == ["x,y"])
        #expect(try await store.quarantine(source: "khong-co", before: nil, limit: 10).isEmpty)
        let page = try await store.quarantine(source: nil, before: nil, limit: 2)
        #expect(page == Array(all.prefix(2)))
        #expect(try await store.quarantine(source: nil, before: page.last?.id, limit: 2) == [stored])
        #expect(
            try await store.quarantineSources() == [
                QuarantineSource(name: "a.jsonl", count: 1), QuarantineSource(name: "b.csv", count: 1),
                QuarantineSource(name: "http:igate", count: 1),
            ])
    }
}

/// A SQLite database from before the administration's migration step keeps its users enabled and its tokens valid.
@Suite struct AccessAdminMigrationTests {
    @Test func anOlderDatabaseGainsTheColumnsWithItsUsersEnabledAndTokensValid() async throws {
        let path = try SQLiteHardeningTests().oldDatabase()
        // A user of that database, as `chiso user create` stored it then.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO server_users (username, password_hash, role, created_at) VALUES ('cu', 'h', 'office', 0)")
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let user = try #require(try await store.user(username: "cu"))
        #expect(!user.isDisabled)
        #expect(try await store.sourceTokens().map(\.revokedAt) == [nil])
        #expect(try await store.sourceToken(digest: "abc") != nil)
        #expect(
            try await store.setUserDisabled(id: user.id, true, audit: AuditEntry(at: t0, actor: "cli", action: "user.disable", detail: "cu"))?
                .isDisabled == true)
    }
}
