import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback HTTP client that reads a server-sent-events answer until `count` events arrived (bounded by a
/// receive timeout of 30 s).
///
/// - Parameter subscribed: told once the first event (the snapshot sent on subscription) arrived, and finished when
///   the reading ends.
func readEvents(port: Int, path: String, cookie: String, count: Int, subscribed: AsyncStream<Void>.Continuation? = nil) async -> [String] {
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\nAccept: text/event-stream\r\n\r\n"
    defer { subscribed?.finish() }
    let text = await exchange(port: port, request: request) { text in
        if let snapshot = text.range(of: "event: snapshot"), text[snapshot.upperBound...].contains("\n\n") { subscribed?.yield() }
        // Events complete up to their blank line (an event may arrive in more than one read).
        return text.components(separatedBy: "data: ").dropFirst().filter { $0.contains("\n\n") }.count >= count
    }
    return text.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
}

/// Sends one raw request over a loopback TCP connection and reads the answer until `done` says so, the server
/// closes, or nothing arrives for 30 s (so a hung connection fails the test instead of blocking it). The blocking
/// socket calls run on a thread of their own, never on the few threads that run the server's tasks.
func exchange(port: Int, request: String, done: @escaping @Sendable (String) -> Bool) async -> String {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: blockingExchange(port: port, request: request, done: done)) }.start()
    }
}

private func blockingExchange(port: Int, request: String, done: (String) -> Bool) -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return "" }
    let bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { break }
        sent += n
    }
    var text = ""
    var buffer = [UInt8](repeating: 0, count: 4096)
    for _ in 0..<1000 {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        text += String(decoding: buffer[0..<n], as: UTF8.self)
        if done(text) { break }
    }
    return text
}

@Suite struct LiveTests {
    @Test(.timeLimit(.minutes(1))) func postedDossierAppearsOnTheStream() async throws {
        let f = try await Fixture()
        try await f.app().test(.live) { client in
            let port = try #require(client.port)
            let events = try await snapshotAndUpdate(port: port) {
                try await client.execute(
                    uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("LIVE1"))]")
                ) { #expect($0.status == .ok) }
            }
            #expect(events.count == 2)
            let update = try #require(events.last)
            #expect(update.contains("\"code\":\"D1\""))
            #expect(update.contains("\"period\":\"2026-08\""))
            #expect(update.contains("\"numerator\""))
        }
    }

    /// The live index counts a dossier received "now" as it is accepted (DESIGN §6), not at the next change instant
    /// or tick of the clock: the heartbeat is an hour away and nothing changes with time in between.
    @Test(.timeLimit(.minutes(1))) func dossierReceivedNowIsCountedAtOnce() async throws {
        let f = try await Fixture()
        let clock = TestClock(Fixture.now)
        try await f.app(clock: { clock.now }).test(.live) { client in
            let port = try #require(client.port)
            try await loadIndex(client)
            let now = Fixture.now.adding(seconds: 90)
            let events = try await snapshotAndUpdate(port: port) {
                clock.set(now)
                try await client.execute(
                    uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer,
                    body: ByteBuffer(string: "[\(Fixture.dossier("LIVE-NOW", received: now.dvcqg))]")
                ) { #expect($0.status == .ok) }
            }
            try #require(events.count == 2, "no event counts the dossier")
            let d1 = try #require(try unit("D1", in: events[1]))
            #expect(d1.newlyReceived == 1 && d1.openNotDue == 1)
            #expect(try eventAsOf(events[1])?.hasPrefix(now.description.replacing(" ", with: "T")) == true)
        }
    }

    /// A deadline passing is published when the clock reaches it, without a record and long before the heartbeat.
    @Test(.timeLimit(.minutes(1))) func passingDeadlineIsPublishedAtItsInstant() async throws {
        let f = try await Fixture()
        let received = Fixture.now.adding(seconds: -3600)
        let due = Fixture.now.adding(seconds: 30)
        let open = Dossier(
            code: "D1-OPEN", procedureCode: "1.004227", unitCode: "D1", channel: .online, receivedAt: received, dueAt: due, state: .processing)
        _ = try await f.store.ingest(dossiers: IngestBatch(records: [Sourced(open, origin: RecordOrigin(fileName: "t"))], at: received))
        let clock = TestClock(Fixture.now)
        try await f.app(clock: { clock.now }).test(.live) { client in
            let port = try #require(client.port)
            try await loadIndex(client)
            let events = try await snapshotAndUpdate(port: port) {
                clock.set(due.adding(seconds: 5))
            }
            try #require(events.count == 2, "the deadline passing was not published")
            let d1 = try #require(try unit("D1", in: events[1]))
            #expect(d1.openOverdue == 1 && d1.openNotDue == 0)
        }
    }

    /// Data another process imports into the server's database (`chiso import`) reaches the live stream without a
    /// restart of the server.
    @Test(.timeLimit(.minutes(1))) func importIntoTheDatabaseReachesTheStream() async throws {
        let f = try await Fixture()
        try await f.app().test(.live) { client in
            let port = try #require(client.port)
            try await loadIndex(client)
            let events = try await snapshotAndUpdate(port: port) {
                // What `chiso import` does, straight into the store, behind the server's back.
                let imported = Dossier(
                    code: "D1-IMPORT", procedureCode: "1.004227", unitCode: "D1", channel: .online, receivedAt: Fixture.now.adding(seconds: -600),
                    dueAt: Fixture.now.adding(seconds: 86_400), state: .processing)
                let id = try await f.store.beginImport(file: "hoso.jsonl", kind: .dossiers, at: Fixture.now)
                _ = try await f.store.ingest(
                    dossiers: IngestBatch(records: [Sourced(imported, origin: RecordOrigin(fileName: "hoso.jsonl"))], importID: id, at: Fixture.now))
                try await f.store.finishImport(id, status: .completed, at: Fixture.now)
            }
            try #require(events.count == 2, "the import did not reach the stream")
            let d1 = try #require(try unit("D1", in: events[1]))
            #expect(d1.newlyReceived == 1)
        }
    }

    /// The open overview counts a dossier received now as soon as it is accepted: the unit's figures on the page (the
    /// fragment the live script swaps in) change with the post, before any move of the clock.
    @Test func openOverviewCountsADossierReceivedNow() async throws {
        let f = try await Fixture()
        let clock = TestClock(Fixture.now)
        try await f.app(clock: { clock.now }).test(.router) { client in
            let before = try await client.execute(uri: "/", method: .get, headers: Fixture.cookie("office")) { String(buffer: $0.body) }
            let now = Fixture.now.adding(seconds: 90)
            clock.set(now)
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer,
                body: ByteBuffer(string: "[\(Fixture.dossier("LIVE-PAGE", received: now.dvcqg))]")
            ) { #expect($0.status == .ok) }
            let after = try await client.execute(uri: "/", method: .get, headers: Fixture.cookie("office")) { String(buffer: $0.body) }
            let total = #/data-unit-total="D1">([^<]*)</#
            let old = before.firstMatch(of: total).map { String($0.1) }
            let new = try #require(after.firstMatch(of: total).map { String($0.1) })
            #expect(old != new, "D1's total on the overview did not change")
        }
    }

    /// Subscribes to the live stream as the province office, makes `change` once the stream's snapshot arrived (an
    /// earlier change would be in the snapshot), and returns the events read: the snapshot and the first update.
    private func snapshotAndUpdate(port: Int, after change: () async throws -> Void) async throws -> [String] {
        try await withThrowingTaskGroup(of: [String].self) { group in
            let (subscribed, continuation) = AsyncStream<Void>.makeStream()
            group.addTask {
                await readEvents(port: port, path: "/api/v1/live?limit=2", cookie: "chiso_session=session-office", count: 2, subscribed: continuation)
            }
            for await _ in subscribed { break }
            try await change()
            return try await group.next() ?? []
        }
    }

    /// Loads the index at the current instant (any signed-in API request does).
    private func loadIndex(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/api/v1/quality", method: .get, headers: Fixture.cookie("office")) { #expect($0.status == .ok) }
    }

    /// A unit's processing figures in an event of the live stream, nil when the event does not name the unit.
    private func unit(_ code: String, in event: String) throws -> (newlyReceived: Int, openNotDue: Int, openOverdue: Int)? {
        let object = try #require(JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])
        let units = try #require(object["units"] as? [[String: Any]])
        guard let u = units.first(where: { $0["code"] as? String == code }) else { return nil }
        let processing = try #require(u["processing"] as? [String: Any])
        return (
            try #require(processing["newly_received"] as? Int), try #require(processing["open_not_due"] as? Int),
            try #require(processing["open_overdue"] as? Int)
        )
    }

    private func eventAsOf(_ event: String) throws -> String? {
        try #require(JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])["as_of"] as? String
    }
}

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let instant: Mutex<Instant>

    init(_ start: Instant) { instant = Mutex(start) }

    var now: Instant { instant.withLock { $0 } }

    func set(_ value: Instant) { instant.withLock { $0 = value } }
}
