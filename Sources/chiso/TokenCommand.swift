import ArgumentParser
import ChiSoCore
import ChiSoStore

/// `chiso token create --source NAME [--scope dossiers|catalogue]`: an ingestion token for a one-stop system (stored
/// hashed, printed once). A token of scope `dossiers` (the default) syncs dossiers, steps, petitions and ratings; the
/// unit and procedure catalogue needs a token of scope `catalogue`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Mã xác thực của các nguồn dữ liệu đồng bộ.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Tạo mã cho một nguồn; mã chỉ in ra một lần.")
        @Option(help: "Tên nguồn, ví dụ igate-tinh.") var source: String
        @Option(help: "Phạm vi: dossiers (hồ sơ, tiến độ, PAKN, đánh giá; mặc định) hoặc catalogue (danh mục đơn vị, thủ tục).")
        var scope = SourceScope.dossiers.rawValue
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !source.isEmpty, source.count <= 64, source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw ValidationError("tên nguồn chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (tối đa 64 ký tự)")
            }
            guard SourceScope(rawValue: scope) != nil else { throw ValidationError("phạm vi không hợp lệ: \(scope) (dossiers, catalogue)") }
        }

        func run() async throws {
            let store = try await database.open()
            let token = Secrets.randomToken()
            let scope = SourceScope(rawValue: scope) ?? .dossiers
            try await store.createSourceToken(
                digest: Secrets.digest(token), source: source, scope: scope,
                audit: AuditEntry(at: .now, actor: "cli", action: "token.create", detail: "nguồn \(source), phạm vi \(scope.rawValue)"))
            print(token)
        }
    }
}
