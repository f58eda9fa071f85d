import AsyncHTTPClient
public import ChiSoCore
import ChiSoIngest
import Foundation
import NIOCore
import NIOHTTP1

/// How to reach the national portal's evaluation API.
public struct PortalFetchOptions: Sendable {
    /// The portal's address; the endpoints are `POST <base>/api/v1/reporting/evaluation/<name>`.
    public var baseURL: String
    /// The portal's id of the province (`rootDepartmentId`).
    public var provinceID: String?
    /// The longest wait for one request, in seconds.
    public var timeoutSeconds: Int64
    /// Further attempts after a failed one (connection error, timeout, HTTP 5xx).
    public var retries: Int
    /// The wait before the first retry; each following one waits twice as long.
    public var initialBackoff: Duration
    /// Rows asked per page.
    public var pageSize: Int
    /// The most pages followed per endpoint.
    public var maxPages: Int

    public static let defaultBaseURL = "https://dichvucong.gov.vn"

    public init(
        baseURL: String = PortalFetchOptions.defaultBaseURL, provinceID: String? = nil, timeoutSeconds: Int64 = 30, retries: Int = 3,
        initialBackoff: Duration = .milliseconds(500), pageSize: Int = 200, maxPages: Int = 100
    ) {
        self.baseURL = baseURL
        self.provinceID = provinceID
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.initialBackoff = initialBackoff
        self.pageSize = pageSize
        self.maxPages = maxPages
    }
}

/// One answer taken from the portal.
public struct PortalFetchedAnswer: Hashable, Sendable {
    public var endpoint: String
    public var page: Int
    public var url: String
    public var bytes: [UInt8]

    public init(endpoint: String, page: Int, url: String, bytes: [UInt8]) {
        self.endpoint = endpoint
        self.page = page
        self.url = url
        self.bytes = bytes
    }

    /// The answer as a raw answer to keep in a snapshot.
    public var raw: NationalRawAnswer { NationalRawAnswer(endpoint: endpoint, source: url, page: page, bytes: bytes) }
}

/// Why the portal's figures could not be taken. ``description`` is the Vietnamese message shown to users.
public struct PortalFetchError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Takes the portal's figures for a period: the six groups' endpoints and `service-results`, every page of each,
/// with a timeout per request and retries with exponential back-off on connection errors, timeouts and HTTP 5xx.
///
/// Everything is fetched before anything is returned: when one request still fails after its retries, the fetch
/// fails as a whole, so that a half-taken export is never stored.
public struct PortalClient: Sendable {
    public let options: PortalFetchOptions

    public init(options: PortalFetchOptions) {
        self.options = options
    }

    /// The request body of an endpoint for a period and page (DOMAIN §7.1).
    ///
    /// - Throws: ``PortalFetchError`` for a period the portal does not publish (only months, quarters and years).
    public func body(endpoint: String, period: Period, page: Int) throws(PortalFetchError) -> [UInt8] {
        var fields: [(String, String)] = []
        if endpoint == NationalGroup.satisfaction.endpoint {
            fields.append(("fromDate", quoted(period.start.description)))
            fields.append(("toDate", quoted(period.end.description)))
        } else {
            switch period.kind {
            case .month:
                fields += [("timeType", quoted("month")), ("year", String(period.start.year)), ("month", String(period.start.month))]
            case .quarter:
                fields += [
                    ("timeType", quoted("quarter")), ("year", String(period.start.year)), ("quarter", String((period.start.month - 1) / 3 + 1)),
                ]
            case .year:
                fields += [("timeType", quoted("year")), ("year", String(period.start.year))]
            case .halfYear, .nineMonths, .range:
                throw PortalFetchError("Cổng dịch vụ công quốc gia chỉ công bố số liệu theo tháng, quý hoặc năm; kỳ \(period) không lấy được")
            }
        }
        if let province = options.provinceID { fields.append(("rootDepartmentId", quoted(province))) }
        fields += [("currentPage", String(page)), ("pageSize", String(options.pageSize))]
        return Array(("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}").utf8)
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public func url(endpoint: String) -> String {
        var base = options.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/api/v1/reporting/evaluation/" + endpoint
    }

    /// Fetches every page of the seven endpoints.
    ///
    /// - Parameters:
    ///   - progress: receives a Vietnamese line for each retry.
    ///   - answered: receives each answer as it arrives (a progress line counts them).
    ///   - sleep: waits between attempts (replaced in tests).
    /// - Throws: ``PortalFetchError`` when an endpoint cannot be taken after its retries, or answers with an error.
    public func fetch(
        period: Period, progress: @escaping @Sendable (String) -> Void = { _ in },
        answered: @escaping @Sendable (PortalFetchedAnswer) -> Void = { _ in },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async throws(PortalFetchError) -> [PortalFetchedAnswer] {
        for endpoint in NationalAnswer.endpoints { _ = try body(endpoint: endpoint, period: period, page: 1) }
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                timeout: HTTPClient.Configuration.Timeout(connect: .seconds(options.timeoutSeconds), read: .seconds(options.timeoutSeconds))))
        let result: Result<[PortalFetchedAnswer], PortalFetchError>
        do throws(PortalFetchError) {
            var answers: [PortalFetchedAnswer] = []
            for endpoint in NationalAnswer.endpoints {
                var page = 1
                var pages = 1
                repeat {
                    let bytes = try await request(client, endpoint: endpoint, period: period, page: page, progress: progress, sleep: sleep)
                    let answer = PortalFetchedAnswer(endpoint: endpoint, page: page, url: url(endpoint: endpoint), bytes: bytes)
                    answers.append(answer)
                    answered(answer)
                    if page == 1 { pages = min(NationalAnswerReader.pagination(of: bytes)?.pageCount ?? 1, options.maxPages) }
                    page += 1
                } while page <= pages
            }
            result = .success(answers)
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown()
        return try result.get()
    }

    /// One request with its retries; the answer's bytes when the portal answered OK.
    private func request(
        _ client: HTTPClient, endpoint: String, period: Period, page: Int, progress: @Sendable (String) -> Void,
        sleep: @Sendable (Duration) async throws -> Void
    ) async throws(PortalFetchError) -> [UInt8] {
        let address = url(endpoint: endpoint)
        var request = HTTPClientRequest(url: address)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(try body(endpoint: endpoint, period: period, page: page))
        var backoff = options.initialBackoff
        var attempt = 0
        while true {
            attempt += 1
            let failure: String
            do {
                let response = try await client.execute(request, timeout: .seconds(options.timeoutSeconds))
                var bytes: [UInt8] = []
                for try await chunk in response.body { bytes.append(contentsOf: chunk.readableBytesView) }
                let status = Int(response.status.code)
                if (200..<300).contains(status) {
                    guard NationalAnswerReader.isOK(bytes) else {
                        throw PortalFetchError(
                            "Cổng dịch vụ công quốc gia trả lời lỗi cho \(endpoint) (trang \(page)): "
                                + String(decoding: bytes.prefix(200), as: UTF8.self))
                    }
                    return bytes
                }
                guard status >= 500 else {
                    throw PortalFetchError("Cổng dịch vụ công quốc gia từ chối yêu cầu \(endpoint) (trang \(page)): mã HTTP \(status)")
                }
                failure = "mã HTTP \(status)"
            } catch let error as PortalFetchError {
                throw error
            } catch {
                failure = PortalClient.describe(error)
            }
            guard attempt <= options.retries else {
                throw PortalFetchError(
                    "Không lấy được số liệu từ Cổng dịch vụ công quốc gia: \(address) (trang \(page)) không trả lời được sau \(attempt) lần thử "
                        + "(\(failure)). Không có số liệu nào được lưu.")
            }
            progress("  \(endpoint) (trang \(page)): \(failure); thử lại lần \(attempt) sau \(PortalClient.seconds(backoff)) giây")
            do {
                try await sleep(backoff)
            } catch {
                throw PortalFetchError("Đã dừng khi đang chờ thử lại \(endpoint)")
            }
            backoff = backoff * 2
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return "quá thời gian chờ"
            case .connectTimeout: return "quá thời gian kết nối"
            case .remoteConnectionClosed: return "máy chủ đóng kết nối"
            default: return "lỗi kết nối: \(error)"
            }
        }
        let detail = "\(error)"
        if detail.contains("Connection refused") { return "máy chủ từ chối kết nối (\(detail))" }
        return "không kết nối được tới máy chủ (\(detail))"
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let text = String(format: "%.1f", Double(milliseconds) / 1000)
        return text.replacingOccurrences(of: ".", with: ",")
    }
}
