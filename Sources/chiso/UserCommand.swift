import ArgumentParser
import ChiSoCore
import ChiSoStore
import Foundation

/// `chiso user create|link`: users of the web application.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Quản lý người dùng của ứng dụng web.", subcommands: [Create.self, Link.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Tạo người dùng (mật khẩu đọc từ biến CHISO_PASSWORD hoặc dòng đầu của đầu vào chuẩn).")
        @Option(help: "Tên đăng nhập.") var username: String
        @Option(help: "Vai trò: admin, office hoặc unit.") var role: String
        @Option(help: "Mã đơn vị (bắt buộc với vai trò unit).") var unit: String?
        @Option(help: "Chi phí bcrypt.") var cost = 11
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard let r = ServerRole(rawValue: role) else { throw ValidationError("vai trò không hợp lệ: \(role) (admin, office, unit)") }
            if r == .unit, unit == nil { throw ValidationError("vai trò unit cần --unit MÃ_ĐƠN_VỊ") }
            guard !username.isEmpty, username.count <= 64 else { throw ValidationError("tên đăng nhập không hợp lệ") }
        }

        func run() async throws {
            let password = ProcessInfo.processInfo.environment["CHISO_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            guard password.count >= 8 else { throw CommandFailure("mật khẩu cần ít nhất 8 ký tự") }
            let store = try await database.open()
            if let unit {
                let units = try await store.catalogue().units
                guard units.contains(where: { $0.code == unit }) else { throw CommandFailure("không có đơn vị \(unit) trong danh mục") }
            }
            if try await store.user(username: username) != nil { throw CommandFailure("tên đăng nhập \(username) đã tồn tại") }
            let user = ServerUser(
                username: username, passwordHash: Secrets.hashPassword(password, cost: cost), role: ServerRole(rawValue: role)!, unitCode: unit,
                createdAt: .now)
            _ = try await store.createUser(
                user, audit: AuditEntry(at: .now, actor: "cli", action: "user.create", detail: "\(username) (\(role)\(unit.map { ", \($0)" } ?? ""))")
            )
            print("Đã tạo người dùng \(username) (\(role)).")
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link", abstract: "In một liên kết đăng nhập dùng một lần (hết hạn sau 10 phút).")
        @Option(help: "Tên đăng nhập.") var username: String
        @Option(help: "Địa chỉ gốc của máy chủ.") var base = "http://127.0.0.1:8080"
        @Option(help: "Trang mở sau khi đăng nhập.") var next = "/"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.open()
            guard let user = try await store.user(username: username) else { throw CommandFailure("không có người dùng \(username)") }
            // A link for a disabled user would be refused when opened: say so now.
            guard !user.isDisabled else {
                throw CommandFailure("người dùng \(username) đã bị khóa: mở khóa tại trang Quản trị › Người dùng trước khi tạo liên kết đăng nhập")
            }
            let token = Secrets.randomToken()
            try await store.createLoginLink(
                digest: Secrets.digest(token), userID: user.id, expiresAt: Instant.now.adding(seconds: 600),
                audit: AuditEntry(at: .now, actor: "cli", action: "login.link.create", detail: "liên kết đăng nhập dùng một lần cho \(username)"))
            print("\(base)/dang-nhap/lien-ket?token=\(token)&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")")
        }
    }
}
