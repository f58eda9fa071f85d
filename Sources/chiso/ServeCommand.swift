import ArgumentParser
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import ChiSoServer
import ChiSoStore
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `chiso serve`: the web application and API, one service group with graceful shutdown on SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Chạy ứng dụng web: API tiếp nhận, API truy vấn, luồng trực tiếp, trang tổng quan và trang công khai.",
        discussion: """
            Cấu hình theo thứ tự ưu tiên: tham số dòng lệnh, biến môi trường CHISO_… (CHISO_HTTP_PORT, CHISO_HTTP_HOST, \
            CHISO_DB_PATH, CHISO_POSTGRES, CHISO_LOG_LEVEL, CHISO_INGEST_MAX_BODY_BYTES, CHISO_INGEST_MAX_RECORDS, CHISO_LIVE_TICK_SECONDS, \
            CHISO_SESSION_SECURE_COOKIE, …), rồi giá trị mặc định. --demo tạo một cơ sở dữ liệu mẫu mới với hai tài khoản: demo (Văn phòng UBND tỉnh) và quantri (quản trị viên).
            """
    )

    @Option(help: "Cổng (mặc định 8080; 0 chọn cổng trống).") var port: Int?
    @Option(help: "Địa chỉ lắng nghe (mặc định 127.0.0.1).") var host: String?
    @Option(help: Database.optionHelp) var db: String?
    @Option(help: Database.postgresHelp) var postgres: String?
    @Flag(help: "Tạo tỉnh mẫu trong một cơ sở dữ liệu mới rồi chạy máy chủ trên đó.") var demo = false
    @Option(help: "Quy mô dữ liệu mẫu: small, province, large.") var demoScale = "small"
    @Option(help: "Số tháng dữ liệu mẫu.") var demoMonths = 13

    func run() async throws {
        var values: [String: ConfigContent] = [:]
        if let port { values["http.port"] = .int(port) }
        if let host { values["http.host"] = .string(host) }
        if let db { values["db.path"] = .string(db) }
        if let postgres { values["postgres"] = .string(postgres) }
        var environment = ProcessInfo.processInfo.environment
        if environment["CHISO_DB_PATH"] == nil, let legacy = environment["CHISO_DB"] { environment["CHISO_DB_PATH"] = legacy }
        var configuration = ChiSoConfiguration(reader: ChiSoConfiguration.reader(commandLine: values, environment: environment))

        let logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "chiso")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        // The demo province's documents are issued with its own shipped settings unless others are configured.
        if demo, configuration.reportSettings == nil { configuration.reportSettings = ReportSettingsFile.demoExample }
        if let url = configuration.postgresURL {
            // The client's pool runs beside the server, in the store's task group, and ends with it.
            let postgres = try PostgresConfiguration(url: url)
            try await PostgresStore.withStore(postgres, logger: logger) { [configuration] store in
                // A new database judges facts from its first record, as Database.open does.
                try await store.recordFactsBasisIfEmpty(JudgingBasis(calendar: CalendarFile.builtIn()))
                if demo { try await prepareDemo(into: store, directory: Self.demoDirectory() + "/demo-data") }
                try await serve(store: store, location: postgres.location, configuration: configuration, registry: registry, logger: logger)
            }
            return
        }
        if demo {
            if db == nil { configuration.databasePath = try Self.demoDirectory() + "/chiso.sqlite" }
            let path = configuration.databasePath
            try await prepareDemo(into: try Database.openSQLite(path: path), directory: (path as NSString).deletingLastPathComponent + "/demo-data")
        }
        try await serve(
            store: try Database.openSQLite(path: configuration.databasePath), location: configuration.databasePath, configuration: configuration,
            registry: registry, logger: logger)
    }

    /// A new folder for the demo's files (and its SQLite file when no --db is given).
    private static func demoDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-demo-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the application on `store` until SIGTERM or SIGINT.
    private func serve(
        store: any DatabaseStore, location: String, configuration: ChiSoConfiguration, registry: PrometheusCollectorRegistry, logger: Logger
    ) async throws {
        // Imports whose process died (killed mid-way) no longer show as running.
        _ = try await store.interruptAbandonedImports(at: .now, isAlive: ProcessOwner.isAlive)
        let accounts = demo ? try await Self.createDemoAccounts(store: store, bcryptCost: configuration.bcryptCost) : []
        let databasePath = location
        let app = try await buildApplication(
            configuration: configuration, dependencies: AppDependencies(store: store, metrics: registry), logger: logger
        ) { host, port in
            // Printed once the server listens, with the real port (also when 0 asked for a free one).
            let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            var lines = ["ChiSo đang chạy: mở \(base)/ trong trình duyệt (cơ sở dữ liệu \(databasePath))."]
            for account in accounts {
                lines.append("Tài khoản \(account.title): \(account.username) / \(account.password)")
                if let token = account.linkToken {
                    lines.append("  hoặc đăng nhập ngay bằng liên kết dùng một lần (10 phút): \(base)/dang-nhap/lien-ket?token=\(token)")
                }
            }
            lines.append("Trang công khai: \(base)/cong-khai · Dừng máy chủ: Ctrl+C.")
            print(lines.joined(separator: "\n"))
            fflush(nil)  // the scripts read the address from a redirected output
        }
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }

    private func prepareDemo(into store: any Store, directory dir: String) async throws {
        guard let scale = DemoScale(rawValue: demoScale) else { throw ValidationError("quy mô không hợp lệ: \(demoScale)") }
        let calendar = try CalendarFile.builtIn()
        let options = DemoOptions(months: demoMonths, seed: 766, scale: scale, today: Instant.now.localDate)
        let files = try DemoLoader.writeFiles(options: options, calendar: calendar, directory: dir, report: { print($0) })
        for line in try await DemoLoader.importFiles(files, into: store) { print("  \(line)") }
    }

    /// The demo's accounts: `demo`, of the province office (every unit, no administration), and `quantri`, the
    /// administrator; each with a random password and a one-time sign-in link (printed once the server listens).
    static func createDemoAccounts(store: any DatabaseStore, bcryptCost: Int) async throws -> [DemoAccount] {
        var accounts: [DemoAccount] = []
        for (username, role, title) in [("demo", ServerRole.office, "Văn phòng UBND tỉnh"), ("quantri", ServerRole.admin, "quản trị viên")] {
            let user: ServerUser
            var password = "(đã tạo trước đó)"
            if let existing = try await store.user(username: username) {
                user = existing
            } else {
                password = String(Secrets.randomToken().prefix(16))
                user = try await store.createUser(
                    ServerUser(
                        username: username, passwordHash: Secrets.hashPassword(password, cost: bcryptCost), role: role,
                        unitCode: nil, createdAt: .now),
                    audit: AuditEntry(at: .now, actor: "cli", action: "user.create", detail: "\(username) (\(role.rawValue))"))
            }
            let token = Secrets.randomToken()
            try await store.createLoginLink(
                digest: Secrets.digest(token), userID: user.id, expiresAt: Instant.now.adding(seconds: 600),
                audit: AuditEntry(at: .now, actor: "cli", action: "login.link.create", detail: "liên kết đăng nhập dùng một lần cho \(username)"))
            accounts.append(DemoAccount(username: username, title: title, password: password, linkToken: token))
        }
        return accounts
    }
}

/// An account `serve --demo` prints.
struct DemoAccount: Sendable {
    let username: String
    /// Who the account is, as printed.
    let title: String
    let password: String
    let linkToken: String?
}
