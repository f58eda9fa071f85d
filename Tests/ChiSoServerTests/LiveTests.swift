import ChiSoCore
import ChiSoServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback HTTP client that reads a server-sent-events answer until `count` events arrived (bounded by a
/// receive timeout of 10 s).
func readEvents(port: Int, path: String, cookie: String, count: Int) async -> [String] {
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\nAccept: text/event-stream\r\n\r\n"
    let text = await exchange(port: port, request: request) { $0.components(separatedBy: "data: ").count - 1 >= count }
    return text.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
}

/// Sends one raw request over a loopback TCP connection and reads the answer until `done` says so, the server
/// closes, or nothing arrives for 10 s (so a hung connection fails the test instead of blocking it). The blocking
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
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
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
            try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask { await readEvents(port: port, path: "/api/v1/live?limit=2", cookie: "chiso_session=session-office", count: 2) }
                // Post until the stream has certainly subscribed: the first post may precede the subscription.
                try await Task.sleep(for: .milliseconds(500))
                try await client.execute(
                    uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("LIVE1"))]")
                ) { #expect($0.status == .ok) }
                let events = try await group.next() ?? []
                #expect(events.count == 2)
                let update = try #require(events.last)
                #expect(update.contains("\"code\": \"D1\""))
                #expect(update.contains("\"period\": \"2026-08\""))
                #expect(update.contains("\"numerator\""))
            }
        }
    }
}
