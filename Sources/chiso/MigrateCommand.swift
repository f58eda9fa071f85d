import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoStore

/// `chiso migrate`: brings a database up to date: its schema, and the judged facts scoring reads (computed from the
/// stored dossiers, petitions and ratings with the working calendar).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Cập nhật cơ sở dữ liệu lên cấu trúc mới và tính lại dữ kiện chấm điểm từ các hồ sơ đã lưu.",
        discussion: """
            Cơ sở dữ liệu tạo bởi phiên bản trước chưa có dữ kiện chấm điểm (kết quả chấm từng hồ sơ theo thời gian). \
            Lệnh này tính chúng từ các hồ sơ, phản ánh, kiến nghị và đánh giá đã lưu, theo lịch ngày làm việc đã chọn. \
            Nếu không chạy lệnh này, lần chấm điểm đầu tiên sẽ tự tính lại; không có số liệu nào bị tính sai hay bỏ sót.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Tệp lịch ngày làm việc (YAML); mặc định lịch chính thức kèm theo.") var calendar: String?

    func run() async throws {
        let calendar = try calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        let judged: Int
        if Database.postgresURL(database.postgres) != nil {
            // PostgreSQL's tables are brought up to date when the store opens.
            let store = try await database.openExisting()
            var outcome: Result<Int, StoreError> = .success(0)
            if let store = store as? any JudgedFactsStore {
                do { outcome = .success(try await store.prepareFacts(basis: JudgingBasis(calendar: calendar))) } catch { outcome = .failure(error) }
            }
            if let store = store as? PostgresStore { await store.close() }
            judged = try outcome.get()
        } else {
            judged = try Database.openExistingSQLite(database.db).prepareFactsBlocking(basis: JudgingBasis(calendar: calendar))
        }
        if judged == 0 {
            print("Cơ sở dữ liệu \(database.location) đã ở cấu trúc mới; dữ kiện chấm điểm đã khớp với lịch ngày làm việc, không cần tính lại.")
        } else {
            print("Đã cập nhật cơ sở dữ liệu \(database.location): tính lại dữ kiện chấm điểm cho \(judged) hồ sơ.")
        }
    }
}
