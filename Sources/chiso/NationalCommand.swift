import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoPortal
import ChiSoStore
import Foundation

/// `chiso national`: the national portal's figures.
struct NationalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national",
        abstract: "Số liệu Bộ chỉ số của Cổng Dịch vụ công quốc gia.",
        subcommands: [NationalFetchCommand.self]
    )
}

/// `chiso national fetch --period P`: takes the portal's figures over HTTP and stores them as a snapshot, through the
/// same path as `chiso import --kind national`.
struct NationalFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Lấy số liệu đánh giá của kỳ từ Cổng Dịch vụ công quốc gia (6 nhóm chỉ số và xếp hạng các tỉnh) và lưu thành một bản số liệu.",
        discussion: """
            Gọi POST <base-url>/api/v1/reporting/evaluation/<tên> cho transparency, dvc-progress-tree, provide-online-tree, \
            formality-online-payment-tree, dossier-digitized, handling-satisfaction và service-results, lấy đủ mọi trang. \
            Mỗi yêu cầu chờ tối đa --timeout giây; lỗi kết nối, quá thời gian hoặc mã HTTP 5xx được thử lại --retries lần, \
            thời gian chờ giữa các lần tăng gấp đôi. Nếu một điểm cuối vẫn không trả lời được, không có số liệu nào được lưu.
            """
    )

    @Option(help: "Kỳ: tháng (2026-08), quý (2026-Q3) hoặc năm (2026).") var period: String
    @Option(help: "Mã định danh của tỉnh trên Cổng (rootDepartmentId).") var province: String?
    @Option(name: .customLong("base-url"), help: "Địa chỉ Cổng.") var baseURL = PortalFetchOptions.defaultBaseURL
    @Option(help: "Thời gian chờ tối đa mỗi yêu cầu, giây.") var timeout: Int64 = 30
    @Option(help: "Số lần thử lại khi lỗi kết nối, quá thời gian hoặc lỗi máy chủ.") var retries = 3
    @Flag(help: "Không hiện dòng tiến độ.") var quiet = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard let parsed = Period(period) else { throw ValidationError("kỳ không hợp lệ: \(period) (ví dụ 2026-08, 2026-Q3, 2026)") }
        guard [.month, .quarter, .year].contains(parsed.kind) else {
            throw ValidationError("Cổng chỉ công bố số liệu theo tháng, quý hoặc năm: \(period)")
        }
        guard timeout > 0 else { throw ValidationError("--timeout phải lớn hơn 0") }
        guard retries >= 0 else { throw ValidationError("--retries không được âm") }
        guard URL(string: baseURL)?.scheme != nil else { throw ValidationError("địa chỉ Cổng không hợp lệ: \(baseURL)") }
    }

    func run() async throws {
        let period = Period(period)!
        let store = try await database.open()
        let client = PortalClient(
            options: PortalFetchOptions(baseURL: baseURL, provinceID: province, timeoutSeconds: timeout, retries: retries))
        print("Lấy số liệu \(period.vietnameseName) từ \(client.url(endpoint: "…")):")
        let answers: [PortalFetchedAnswer]
        do {
            let line = ProgressLine("Lấy số liệu", unit: "bảng số liệu", totalItems: NationalAnswer.endpoints.count, quiet: quiet)
            defer { line.finish() }
            answers = try await client.fetch(
                period: period,
                progress: { text in
                    line.finish()
                    print(text)
                },
                answered: { answer in line.advance(items: answer.page == 1 ? 1 : 0, bytes: answer.bytes.count) })
        } catch {
            throw CommandFailure(error.description)
        }
        let fetchedAt = Instant.now
        let line = try await NationalFetch.store(answers, period: period, fetchedAt: fetchedAt, provinceID: province, into: store)
        print(line)
    }
}

/// Storing fetched answers through the import path.
enum NationalFetch {
    static func store(
        _ answers: [PortalFetchedAnswer], period: Period, fetchedAt: Instant, provinceID: String?, into store: any Store
    ) async throws -> String {
        let files = answers.map { NationalInputFile(name: $0.page == 1 ? $0.url : "\($0.url)?trang=\($0.page)", bytes: $0.bytes) }
        let importer = NationalImporter(store: store, provinceID: provinceID)
        return try await importer.importAnswers(
            files, period: period, fallback: NationalImporter.ExportTime(instant: fetchedAt, source: .fetch), now: fetchedAt,
            label: [answers.first.map { ($0.url as NSString).deletingLastPathComponent } ?? "Cổng DVCQG"])
    }
}
