public import ChiSoCore

/// One answer of the portal's evaluation API, recognised and read (DOMAIN §7.1).
public struct NationalAnswer: Hashable, Sendable {
    /// What the answer holds.
    public enum Content: Hashable, Sendable {
        /// A group's endpoint: the province's row (`overview` / `parent`, `isProvince`) and its units' rows.
        case group(NationalGroup, units: [NationalUnitFigures])
        /// `service-results`: the provinces' totals and group points.
        case serviceResults([NationalProvinceResult])
    }

    public var content: Content
    /// The answer's `pagination`, when it has one.
    public var pagination: NationalPagination?
    /// The time of export written in the answer (`timestamp`, `exportedAt`, `takenAt`), when it has one.
    public var takenAt: Instant?
    /// The answer as received.
    public var raw: NationalRawAnswer

    public init(content: Content, pagination: NationalPagination? = nil, takenAt: Instant? = nil, raw: NationalRawAnswer) {
        self.content = content
        self.pagination = pagination
        self.takenAt = takenAt
        self.raw = raw
    }

    /// The endpoint that gives this content.
    public var endpoint: String {
        switch content {
        case .group(let group, _): return group.endpoint
        case .serviceResults: return NationalAnswer.serviceResultsEndpoint
        }
    }

    /// The group, for a group's endpoint.
    public var group: NationalGroup? {
        if case .group(let group, _) = content { return group }
        return nil
    }

    /// The ranking endpoint's name.
    public static let serviceResultsEndpoint = "service-results"

    /// The seven endpoints, the six groups' first.
    public static let endpoints = NationalGroup.allCases.map(\.endpoint) + [serviceResultsEndpoint]
}

/// An answer's `pagination`.
public struct NationalPagination: Hashable, Sendable {
    public var currentPage: Int
    public var pageSize: Int?
    public var totalPages: Int?
    public var totalItems: Int?

    public init(currentPage: Int, pageSize: Int? = nil, totalPages: Int? = nil, totalItems: Int? = nil) {
        self.currentPage = currentPage
        self.pageSize = pageSize
        self.totalPages = totalPages
        self.totalItems = totalItems
    }

    /// The number of pages: `totalPages`, else computed from `totalItems` and `pageSize`, else nil.
    public var pageCount: Int? {
        if let totalPages { return max(totalPages, 1) }
        if let totalItems, let pageSize, pageSize > 0 { return max((totalItems + pageSize - 1) / pageSize, 1) }
        return nil
    }
}
