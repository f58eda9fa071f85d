public import ChiSoCore

/// Who issues a document and how it is numbered, dated, sent and signed.
public struct IssuerSettings: Sendable, Hashable {
    /// The parent body in capitals, e.g. "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"; empty when there is none.
    public var parentBody: String
    /// The issuing office in capitals, bold, e.g. "VĂN PHÒNG".
    public var office: String
    /// The office's abbreviation in the document symbol, e.g. "VPUBND" (symbol "TB-VPUBND").
    public var officeAbbreviation: String
    /// How the office is named in running text, e.g. "Văn phòng UBND tỉnh" (used in the appendix line).
    public var officeShortName: String
    /// The registration number, or nil to leave a blank to fill in when the document is registered.
    public var documentNumber: String?
    /// The place in the date line, e.g. "Bình Phước".
    public var place: String
    /// The date of issue, or nil for "ngày … tháng … năm …" blanks.
    public var date: LocalDate?
    /// The "Nơi nhận:" entries, e.g. "CT, các PCT UBND tỉnh", "Lưu: VT, P. KSTTHC". A leading "- " is added,
    /// and ";" (or "." for the last entry) when the entry does not already end with punctuation.
    public var recipients: [String]
    /// The signer's authority lines, e.g. ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"].
    public var signerAuthority: [String]
    /// The signer's name, or nil to leave it out.
    public var signerName: String?

    /// Creates issuer settings.
    public init(
        parentBody: String,
        office: String,
        officeAbbreviation: String,
        officeShortName: String,
        documentNumber: String? = nil,
        place: String,
        date: LocalDate? = nil,
        recipients: [String] = [],
        signerAuthority: [String],
        signerName: String? = nil
    ) {
        self.parentBody = parentBody
        self.office = office
        self.officeAbbreviation = officeAbbreviation
        self.officeShortName = officeShortName
        self.documentNumber = documentNumber
        self.place = place
        self.date = date
        self.recipients = recipients
        self.signerAuthority = signerAuthority
        self.signerName = signerName
    }

    /// The document symbol for a kind: "TB-VPUBND", or the office abbreviation alone for an official letter.
    public func symbol(for kind: DocumentKind) -> String {
        [kind.abbreviation, officeAbbreviation].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "-")
    }

    /// The number line: "Số: 123/TB-VPUBND", or "Số:        /TB-VPUBND" while the number is not known.
    public func numberLine(for kind: DocumentKind) -> String {
        "Số: \(documentNumber ?? "       ")/\(symbol(for: kind))"
    }

    /// The date line: "Bình Phước, ngày 05 tháng 8 năm 2024" (Decree 30: days below 10 and months 1 and 2
    /// take a leading zero), or "Bình Phước, ngày      tháng      năm      " without a date.
    public var placeDateLine: String {
        "\(place), \(Self.dateText(date))"
    }

    /// "ngày 05 tháng 8 năm 2024", or blanks for nil.
    public static func dateText(_ date: LocalDate?) -> String {
        guard let date else { return "ngày      tháng      năm      " }
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month < 3 ? "0\(date.month)" : "\(date.month)"
        return "ngày \(day) tháng \(month) năm \(date.year)"
    }
}

/// The kind of an administrative document.
public struct DocumentKind: Sendable, Hashable {
    /// The name printed above the title in capitals, e.g. "THÔNG BÁO"; nil for an official letter (công văn),
    /// whose summary goes under the number as "V/v …".
    public var name: String?
    /// The name in running text, e.g. "Thông báo" (in "Kèm theo Thông báo số …").
    public var sentenceName: String
    /// The abbreviation in the symbol, e.g. "TB"; nil for an official letter.
    public var abbreviation: String?

    /// Creates a kind.
    public init(name: String?, sentenceName: String, abbreviation: String?) {
        self.name = name
        self.sentenceName = sentenceName
        self.abbreviation = abbreviation
    }

    /// Thông báo (TB).
    public static let notice = DocumentKind(name: "THÔNG BÁO", sentenceName: "Thông báo", abbreviation: "TB")
    /// Báo cáo (BC).
    public static let report = DocumentKind(name: "BÁO CÁO", sentenceName: "Báo cáo", abbreviation: "BC")
    /// Kế hoạch (KH).
    public static let plan = DocumentKind(name: "KẾ HOẠCH", sentenceName: "Kế hoạch", abbreviation: "KH")
    /// Công văn: no name line, the title is the "V/v" summary under the number.
    public static let officialLetter = DocumentKind(name: nil, sentenceName: "Công văn", abbreviation: nil)
}

/// An appendix (phụ lục): a landscape section after the signature.
public struct Appendix: Sendable, Hashable {
    /// The title lines under "Phụ lục N", bold, centred, e.g. "CẤP TỈNH: 07 chỉ tiêu …".
    public var titleLines: [String]
    /// The content: usually tables, possibly with headings and notes.
    public var blocks: [ReportBlock]
    /// Page orientation; landscape by default.
    public var orientation: PageOrientation

    /// Creates an appendix.
    public init(titleLines: [String], blocks: [ReportBlock], orientation: PageOrientation = .landscape) {
        self.titleLines = titleLines
        self.blocks = blocks
        self.orientation = orientation
    }

    /// Creates an appendix of one title line and tables.
    public init(title: String, tables: [ReportTable], orientation: PageOrientation = .landscape) {
        self.init(titleLines: [title], blocks: tables.map { .table($0) }, orientation: orientation)
    }
}

/// An administrative document in the format of Decree 30/2020/NĐ-CP: national-motto header, number and date,
/// kind and title, body, "Nơi nhận" and signature, then appendices.
public struct GovernmentDocument: Sendable, Hashable {
    /// Notice, report, official letter …
    public var kind: DocumentKind
    /// Title lines under the kind, bold and centred (for an official letter: the "V/v" summary lines).
    public var titleLines: [String]
    /// "Kính gửi:" addressees (usual for official letters); empty to leave the line out.
    public var addressees: [String]
    /// The body.
    public var body: [ReportBlock]
    /// The appendices, each in its own section.
    public var appendices: [Appendix]
    /// The workbook's tables where they differ from the printed ones (figures the page prints as "7,89/18"
    /// stored as numbers in columns of their own); nil when the workbook holds the printed tables.
    public var workbook: [ReportTable]?

    /// Creates a document.
    public init(
        kind: DocumentKind,
        titleLines: [String],
        addressees: [String] = [],
        body: [ReportBlock],
        appendices: [Appendix] = [],
        workbook: [ReportTable]? = nil
    ) {
        self.kind = kind
        self.titleLines = titleLines
        self.addressees = addressees
        self.body = body
        self.appendices = appendices
        self.workbook = workbook
    }

    /// Every data table of the body and the appendices, in order: the content of the companion workbook.
    public var tables: [ReportTable] {
        body.flatMap(\.tables) + appendices.flatMap { $0.blocks.flatMap(\.tables) }
    }

    /// The companion workbook's tables: ``workbook`` when set, else ``tables``.
    public var workbookTables: [ReportTable] { workbook ?? tables }
}
