import ArgumentParser
import ChiSoCore
import ChiSoServer
import ChiSoStore

/// `chiso token create --source NAME`: an ingestion token for a one-stop system (stored hashed, printed once).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Mã xác thực của các nguồn dữ liệu đồng bộ.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Tạo mã cho một nguồn; mã chỉ in ra một lần.")
        @Option(help: "Tên nguồn, ví dụ igate-tinh.") var source: String
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !source.isEmpty, source.count <= 64, source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw ValidationError("tên nguồn chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (tối đa 64 ký tự)")
            }
        }

        func run() async throws {
            let store = try database.open()
            try await store.prepareAccessSchema()
            let token = Secrets.randomToken()
            try await store.createSourceToken(digest: Secrets.digest(token), source: source, at: .now)
            try await store.appendAudit(AuditEntry(at: .now, actor: "cli", action: "token.create", detail: "nguồn \(source)"))
            print(token)
        }
    }
}
