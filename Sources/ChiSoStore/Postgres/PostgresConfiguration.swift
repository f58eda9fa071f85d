import Foundation
import Logging
public import PostgresNIO

/// Where a ``PostgresStore`` connects, read from a URL `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE`
/// (`postgresql://` too): port 5432 and database named as the user when left out; `sslmode` `disable` (default),
/// `prefer` or `require`.
public struct PostgresConfiguration: Sendable {
    /// PostgresNIO's configuration.
    public var client: PostgresClient.Configuration
    /// The server and database, without the password, for messages.
    public var location: String
    /// The server's address, port and TLS mode, for the single connection that checks the settings at open.
    let host: String
    let port: Int
    let sslMode: String

    /// Reads a URL; the error's message says what is wrong with it, in Vietnamese.
    public init(url text: String) throws(StoreError) {
        func bad(_ why: String) -> StoreError {
            .cannotOpen(
                path: "PostgreSQL",
                underlying: "địa chỉ PostgreSQL không hợp lệ: \(why); dạng đúng: postgres://NGƯỜI_DÙNG:MẬT_KHẨU@MÁY_CHỦ:CỔNG/CƠ_SỞ_DỮ_LIỆU")
        }
        guard let url = URLComponents(string: text) else { throw bad("không đọc được địa chỉ") }
        guard let scheme = url.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw bad("địa chỉ phải bắt đầu bằng postgres:// hoặc postgresql://")
        }
        guard let host = url.host, !host.isEmpty else { throw bad("thiếu máy chủ") }
        guard let user = url.user, !user.isEmpty else { throw bad("thiếu tên người dùng") }
        let port = url.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("cổng \(port) ngoài khoảng 1–65535") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        let name = database.isEmpty ? user : database
        var tls = PostgresClient.Configuration.TLS.disable
        var sslMode = "disable"
        for item in url.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"): (tls, sslMode) = (.disable, "disable")
            case ("sslmode", "prefer"): (tls, sslMode) = (.prefer(.makeClientConfiguration()), "prefer")
            case ("sslmode", "require"): (tls, sslMode) = (.require(.makeClientConfiguration()), "require")
            case ("sslmode", let mode): throw bad("sslmode \(mode) không được hỗ trợ (disable, prefer hoặc require)")
            case (let other, _): throw bad("tham số \(other) không được hỗ trợ (chỉ có sslmode)")
            }
        }
        var client = PostgresClient.Configuration(
            host: host, port: port, username: user.removingPercentEncoding ?? user, password: url.password?.removingPercentEncoding, database: name,
            tls: tls)
        client.options.connectTimeout = .seconds(10)
        self.client = client
        self.location = "postgres://\(user)@\(host):\(port)/\(name)"
        self.host = host
        self.port = port
        self.sslMode = sslMode
    }

    /// Opens one connection and closes it: the pool retries a failing server for a long while and then reports only
    /// that it gave up, so the server's own refusal (no server, wrong password, no such database) is read here.
    func check(logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: client.username, password: client.password, database: client.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try await connection.close()
    }

    /// The Vietnamese reason for a server's refusal to open a session (by SQLSTATE), nil for other errors.
    static func connectionRefusal(state: String, location: String) -> String? {
        switch state {
        case "28P01", "28000":
            return "máy chủ PostgreSQL từ chối đăng nhập: sai tên người dùng hoặc mật khẩu"
        case "3D000":
            return "cơ sở dữ liệu không tồn tại trên máy chủ PostgreSQL (tạo bằng CREATE DATABASE)"
        case "53300":
            return "máy chủ PostgreSQL đã đủ số kết nối"
        case "57P03":
            return "máy chủ PostgreSQL đang khởi động hoặc đang dừng"
        default:
            return state.hasPrefix("08") ? "mất kết nối với máy chủ PostgreSQL" : nil
        }
    }
}
