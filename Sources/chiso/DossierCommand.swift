import ArgumentParser
import ChiSoCore
import ChiSoStore

/// `chiso dossier transfer --code C --to SOURCE`: gives a dossier to another ingestion source (an administrator's
/// action, audited in the same transaction).
///
/// A source owns the dossiers it sends first; only the owner may change a dossier over the ingestion API.
struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "Quản lý hồ sơ: chuyển quyền sở hữu giữa các nguồn dữ liệu.", subcommands: [Transfer.self])

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfer", abstract: "Chuyển một hồ sơ sang nguồn dữ liệu khác (được ghi vào nhật ký kiểm toán).")
        @Option(help: "Mã hồ sơ (MaHoSo).") var code: String
        @Option(help: "Tên nguồn nhận hồ sơ, như khi tạo mã xác thực (chiso token create --source).") var to: String
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !code.isEmpty else { throw ValidationError("cần mã hồ sơ") }
            guard !to.isEmpty else { throw ValidationError("cần tên nguồn nhận") }
        }

        func run() async throws {
            let store = try await database.open()
            let previous = try await store.transferDossier(code: code, to: to, actor: "cli", at: .now)
            print("Đã chuyển hồ sơ \(code) từ nguồn \(previous ?? "(chưa có)") sang nguồn \(to).")
        }
    }
}
