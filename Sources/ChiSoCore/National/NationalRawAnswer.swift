/// One answer of the national portal (or one table file) exactly as it was received, kept beside what was read
/// from it (DOMAIN §7.1: "keep every response as received").
public struct NationalRawAnswer: Hashable, Sendable {
    /// The evaluation endpoint that answered (`transparency`, `dvc-progress-tree`... `service-results`), as
    /// recognised from the content; nil for a plain table or an answer that could not be recognised.
    public var endpoint: String?
    /// Where it came from: the file name (`bao-cao.zip/thang-08/transparency.json`), or the request's URL.
    public var source: String
    /// The page of the endpoint's answer (`pagination.currentPage`), when known.
    public var page: Int?
    /// The bytes as received.
    public var bytes: [UInt8]

    public init(endpoint: String?, source: String, page: Int? = nil, bytes: [UInt8]) {
        self.endpoint = endpoint
        self.source = source
        self.page = page
        self.bytes = bytes
    }
}

/// Where a snapshot's time of export comes from.
public enum NationalTakenAtSource: String, Hashable, Sendable, Codable, CaseIterable {
    /// Written in the file (a field of the answers, or the table's column).
    case file
    /// The time the figures were fetched from the portal (`chiso national fetch`).
    case fetch
    /// Given by the user (`--taken-at`).
    case given
    /// Unknown: the time of import stands in for it.
    case importTime = "import_time"

    /// The Vietnamese phrase used in summaries: "thời điểm xuất theo tệp"...
    public var vietnamese: String {
        switch self {
        case .file: return "thời điểm xuất ghi trong tệp"
        case .fetch: return "thời điểm lấy từ Cổng"
        case .given: return "thời điểm xuất được chỉ định khi nhập"
        case .importTime: return "không rõ thời điểm xuất, lấy thời điểm nhập"
        }
    }
}
