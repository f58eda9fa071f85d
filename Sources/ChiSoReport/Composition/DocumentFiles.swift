public import ChiSoCore
public import ChiSoIngest

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
        /// The first day the data holds dossiers received on, when known (the comparison's caveat).
        public var dataFrom: LocalDate?

        public init(
            kind: OfficialDocumentKind, settings: ReportSettings, national: NationalRanking? = nil, overdueThreshold: Int? = nil,
            rateDecimals: Int = 0, number: String? = nil, date: LocalDate? = nil, dataFrom: LocalDate? = nil
        ) {
            self.kind = kind
            self.settings = settings
            self.national = national
            self.overdueThreshold = overdueThreshold
            self.rateDecimals = rateDecimals
            self.number = number
            self.date = date
            self.dataFrom = dataFrom
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
    ///
    /// The settings are completed from the data (the province's name from the province unit), the document
    /// type's own settings and built-in defaults give its issuer, recipients, signer and closing paragraphs.
    ///
    /// - Throws: ``ReportError`` when a paragraph of the settings names an unknown placeholder, or when the
    ///   document would state what the data does not hold (a targets report without targets).
    public static func compose(_ request: Request, scoreboard: Scoreboard, sameLastYear: Scoreboard?) throws(ReportError) -> Composed {
        try validate(request.settings)
        let s = request.settings.completed(provinceUnitName: scoreboard.entries.first { $0.unit.kind == .province }?.unit.name)
        let own = s.documents[request.kind.rawValue] ?? DocumentTypeSettings()
        let options = DocumentOptions(
            provinceName: s.province, officeShortName: request.kind.issuedByPeoplesCommittee ? "UBND tỉnh" : s.officeShortName,
            national: request.national, overdueThreshold: request.overdueThreshold ?? s.overdueThreshold ?? 3,
            targetRatePlaces: request.rateDecimals, paragraphs: own.paragraphs, dataFrom: request.dataFrom)
        let document = try OfficialDocuments.document(request.kind, scoreboard: scoreboard, sameLastYear: sameLastYear, options: options)
        let office = IssuerSettings(
            parentBody: s.parentBody, office: s.office, officeAbbreviation: s.officeAbbreviation, officeShortName: s.officeShortName,
            documentNumber: request.number ?? s.documentNumber, place: s.place, date: request.date ?? s.date, recipients: s.recipients,
            signerAuthority: s.signerAuthority, signerName: s.signerName)
        let issuer = request.kind.issuer(
            office: office,
            overrides: IssuerOverrides(
                parentBody: own.parentBody, office: own.office, officeAbbreviation: own.officeAbbreviation, recipients: own.recipients,
                signerAuthority: own.signerAuthority, signerName: own.signerName),
            province: s.province, addressed: !document.addressees.isEmpty, districts: scoreboard.hasDistrictLevel)
        return Composed(document: document, report: document.reportDocument(issuer: issuer), stem: request.kind.fileStem(for: scoreboard.period))
    }

    /// Checks the paragraphs of every document type of the settings, so that a misspelt placeholder is found
    /// whichever document is asked for.
    ///
    /// - Throws: ``ReportError`` naming the file, the document type, the paragraph and the placeholder.
    public static func validate(_ settings: ReportSettings) throws(ReportError) {
        for type in settings.documents.keys.sorted() {
            try DocumentText.validate(settings.documents[type]?.paragraphs ?? [], file: settings.file ?? "tệp thiết lập", documentType: type)
        }
    }
}
