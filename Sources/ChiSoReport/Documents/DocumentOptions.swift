public import ChiSoCore

/// The four official documents ChiSo writes (DOMAIN §6).
public enum OfficialDocumentKind: String, Sendable, Hashable, CaseIterable {
    /// The monthly notice (seed 000): rankings, processing table, overdue units, per-indicator rankings.
    case monthlyNotice = "monthly-notice"
    /// The official letter comparing a period with the same period of last year (seed 001).
    case quarterlyComparison = "quarterly-comparison"
    /// The report on the targets assigned by the province (seed 002), with one appendix per level.
    case targets
    /// The classification notice (seed 004): method, counts per class and level, appendices per level.
    case classification

    /// The file name without extension: `thong-bao-thang-2026-08`, `so-sanh-cung-ky-2026-Q1`,
    /// `bao-cao-chi-tieu-2026-02`, `xep-loai-2026-Q2`.
    public func fileStem(for period: Period) -> String {
        let prefix: String
        switch self {
        case .monthlyNotice: prefix = "thong-bao-thang"
        case .quarterlyComparison: prefix = "so-sanh-cung-ky"
        case .targets: prefix = "bao-cao-chi-tieu"
        case .classification: prefix = "xep-loai"
        }
        let name = period.description.replacing("..", with: "_")
        return "\(prefix)-\(name)"
    }
}

/// What the documents need beyond the scores: the province's name, the national ranking, thresholds and
/// display precision.
public struct DocumentOptions: Sendable, Hashable {
    /// The province's name in running text, e.g. "Bình Phước" ("tỉnh Bình Phước đạt …").
    public var provinceName: String
    /// The issuing office in running text, e.g. "Văn phòng UBND tỉnh".
    public var officeShortName: String
    /// The national ranking of provinces, when the portal's figures were provided.
    public var national: NationalRanking?
    /// A unit is listed in the notice's overdue table when it has at least this many overdue dossiers.
    public var overdueThreshold: Int
    /// Decimals of the rates in the targets report ("56%" with 0).
    public var targetRatePlaces: Int
    /// Decimals of the rates in the comparison letter's list of units ("76,1%/40%" with 1).
    public var comparisonRatePlaces: Int
    /// Where the figures come from, printed under the ranking tables.
    public var sourceNote: String
    /// The office's closing paragraphs with placeholders (``DocumentText``); nil for the built-in ones.
    public var paragraphs: [String]?
    /// The first day the data holds dossiers received on, when known: a comparison with a period that starts
    /// before it is only partly covered and says so.
    public var dataFrom: LocalDate?

    /// Creates options.
    ///
    /// - Parameters:
    ///   - provinceName: The province's name, e.g. "Bình Phước".
    ///   - officeShortName: The issuing office in running text; "Văn phòng UBND tỉnh" by default.
    ///   - national: The national ranking, or nil when it was not provided.
    ///   - overdueThreshold: Minimum overdue dossiers for the overdue table; 3 as in seed 000.
    ///   - targetRatePlaces: Decimals of the targets report's rates; whole percent by default.
    ///   - comparisonRatePlaces: Decimals of the comparison letter's unit rates; 1 by default.
    ///   - sourceNote: The source line under the ranking tables.
    ///   - paragraphs: The office's closing paragraphs; nil for the built-in ones.
    ///   - dataFrom: The first day of the data, when known.
    public init(
        provinceName: String,
        officeShortName: String = "Văn phòng UBND tỉnh",
        national: NationalRanking? = nil,
        overdueThreshold: Int = 3,
        targetRatePlaces: Int = 0,
        comparisonRatePlaces: Int = 1,
        sourceNote: String = "Nguồn: Hệ thống thông tin giải quyết TTHC của tỉnh, tính theo công thức của Cổng Dịch vụ công quốc gia",
        paragraphs: [String]? = nil,
        dataFrom: LocalDate? = nil
    ) {
        self.provinceName = provinceName
        self.officeShortName = officeShortName
        self.national = national
        self.overdueThreshold = max(1, overdueThreshold)
        self.targetRatePlaces = max(0, targetRatePlaces)
        self.comparisonRatePlaces = max(0, comparisonRatePlaces)
        self.sourceNote = sourceNote
        self.paragraphs = paragraphs
        self.dataFrom = dataFrom
    }
}

/// Builds any of the four documents from the scores.
public enum OfficialDocuments {
    /// The document of a kind.
    ///
    /// - Parameters:
    ///   - kind: Which document.
    ///   - scoreboard: The scores of the period, all levels.
    ///   - sameLastYear: The scores of the same period last year (for the comparison letter), when known.
    ///   - options: Province name, national ranking, thresholds.
    /// - Returns: The document, to be laid out with ``GovernmentDocument/reportDocument(issuer:typography:)``.
    /// - Throws: ``ReportError`` when the document would state what the data does not hold: a targets report
    ///   for a period to which no target applies.
    public static func document(
        _ kind: OfficialDocumentKind, scoreboard: Scoreboard, sameLastYear: Scoreboard? = nil, options: DocumentOptions
    ) throws(ReportError) -> GovernmentDocument {
        if kind == .targets, !scoreboard.entries.contains(where: { !$0.targets.isEmpty }) { throw .noTargets(scoreboard.period) }
        return switch kind {
        case .monthlyNotice: MonthlyNotice.document(scoreboard: scoreboard, options: options)
        case .quarterlyComparison: QuarterlyComparison.document(current: scoreboard, sameLastYear: sameLastYear, options: options)
        case .targets: TargetsReport.document(scoreboard: scoreboard, options: options)
        case .classification: ClassificationNotice.document(scoreboard: scoreboard, options: options)
        }
    }

    /// The companion workbook: every table of the document, one sheet each, numbers stored as numbers.
    ///
    /// - Throws: ``ReportError`` when the archive cannot be written.
    public static func workbook(_ document: GovernmentDocument, title: String) throws(ReportError) -> [UInt8] {
        try XLSXWriter.data(tables: document.workbookTables, metadata: ReportMetadata(title: title))
    }
}
