public import ChiSoCore
public import ChiSoIngest
public import ChiSoReport

/// The official documents as files, built the same way for `chiso report` and for downloads from the web
/// application: one home for turning settings and a scoreboard into DOCX, XLSX or HTML bytes.
public enum DocumentFiles {
    /// The formats a document is written in without external programs.
    public enum Format: String, Sendable, CaseIterable {
        case docx, xlsx, html

        /// The media type of the format.
        public var contentType: String {
            switch self {
            case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .html: return "text/html; charset=utf-8"
            }
        }
    }

    /// Everything a document needs besides the figures.
    public struct Request: Sendable {
        public var kind: OfficialDocumentKind
        public var settings: ReportSettings
        public var national: NationalRanking?
        public var overdueThreshold: Int?
        public var rateDecimals: Int
        public var number: String?
        public var date: LocalDate?

        public init(
            kind: OfficialDocumentKind, settings: ReportSettings, national: NationalRanking? = nil, overdueThreshold: Int? = nil,
            rateDecimals: Int = 0, number: String? = nil, date: LocalDate? = nil
        ) {
            self.kind = kind
            self.settings = settings
            self.national = national
            self.overdueThreshold = overdueThreshold
            self.rateDecimals = rateDecimals
            self.number = number
            self.date = date
        }
    }

    /// The composed document and its layout, ready to be written in any format.
    public struct Composed: Sendable {
        public let document: GovernmentDocument
        public let report: ReportDocument
        /// The file name without extension, e.g. `thong-bao-thang-2026-08`.
        public let stem: String

        /// The document's bytes in a format.
        public func bytes(_ format: Format) throws(ReportError) -> [UInt8] {
            switch format {
            case .docx: return try DOCXWriter.data(report)
            case .xlsx: return try OfficialDocuments.workbook(document, title: report.metadata.title)
            case .html: return Array(HTMLWriter.html(report).utf8)
            }
        }
    }

    /// Composes a document from a scoreboard (and the same period of last year for the comparison).
    public static func compose(_ request: Request, scoreboard: Scoreboard, sameLastYear: Scoreboard?) -> Composed {
        let s = request.settings
        let options = DocumentOptions(
            provinceName: s.province, officeShortName: s.officeShortName, national: request.national,
            overdueThreshold: request.overdueThreshold ?? s.overdueThreshold ?? 3, targetRatePlaces: request.rateDecimals)
        let document = OfficialDocuments.document(request.kind, scoreboard: scoreboard, sameLastYear: sameLastYear, options: options)
        let issuer = IssuerSettings(
            parentBody: s.parentBody, office: s.office, officeAbbreviation: s.officeAbbreviation, officeShortName: s.officeShortName,
            documentNumber: request.number ?? s.documentNumber, place: s.place, date: request.date ?? s.date, recipients: s.recipients,
            signerAuthority: s.signerAuthority, signerName: s.signerName)
        return Composed(document: document, report: document.reportDocument(issuer: issuer), stem: request.kind.fileStem(for: scoreboard.period))
    }
}
