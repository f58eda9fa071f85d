/// A format-neutral document: a sequence of sections, each a sequence of blocks.
///
/// The same value is rendered to DOCX (`DOCXWriter`), HTML (`HTMLWriter`) and, for its tables, to XLSX
/// (`XLSXWriter`) and CSV (`CSVWriter`). Every writer is a pure function of this value, so the same document
/// always gives the same bytes.
public struct ReportDocument: Sendable, Hashable {
    /// The sections in order; each starts on a new page with its own orientation.
    public var sections: [ReportSection]
    /// Fonts and sizes used when a run or table does not override them.
    public var typography: ReportTypography
    /// Page size and margins shared by every section.
    public var pageSetup: ReportPageSetup
    /// Document properties written to `docProps/core.xml` and the HTML `<title>`.
    public var metadata: ReportMetadata

    /// Creates a document.
    ///
    /// - Parameters:
    ///   - sections: The sections in order.
    ///   - typography: Fonts and sizes; Times New Roman 14 pt body and 13 pt tables by default.
    ///   - pageSetup: A4 with the margins of Decree 30/2020/NĐ-CP by default.
    ///   - metadata: Document properties with a fixed date by default.
    public init(
        sections: [ReportSection],
        typography: ReportTypography = ReportTypography(),
        pageSetup: ReportPageSetup = ReportPageSetup(),
        metadata: ReportMetadata = ReportMetadata()
    ) {
        self.sections = sections
        self.typography = typography
        self.pageSetup = pageSetup
        self.metadata = metadata
    }

    /// Creates a one-section portrait document from blocks.
    public init(
        blocks: [ReportBlock],
        typography: ReportTypography = ReportTypography(),
        pageSetup: ReportPageSetup = ReportPageSetup(),
        metadata: ReportMetadata = ReportMetadata()
    ) {
        self.init(sections: [ReportSection(blocks: blocks)], typography: typography, pageSetup: pageSetup, metadata: metadata)
    }

    /// Every data table of the document, in reading order, including tables nested in column layouts.
    ///
    /// This is what an accompanying Excel workbook usually contains (`XLSXWriter.data(tables:)`).
    public var tables: [ReportTable] {
        sections.flatMap { $0.blocks.flatMap(\.tables) }
    }
}

/// One page-layout section of a document.
public struct ReportSection: Sendable, Hashable {
    /// Portrait or landscape pages.
    public var orientation: PageOrientation
    /// The content of the section.
    public var blocks: [ReportBlock]

    /// Creates a section; portrait unless told otherwise.
    public init(orientation: PageOrientation = .portrait, blocks: [ReportBlock]) {
        self.orientation = orientation
        self.blocks = blocks
    }
}

/// Page orientation of a section. Appendices (phụ lục) with wide tables are landscape.
public enum PageOrientation: String, Sendable, Hashable, CaseIterable {
    case portrait
    case landscape
}

/// A block-level element of a document.
public enum ReportBlock: Sendable, Hashable {
    /// A paragraph of formatted runs.
    case paragraph(ReportParagraph)
    /// A heading (rendered with the `Heading1`…`Heading3` styles in DOCX, `<h1>`… in HTML).
    case heading(ReportHeading)
    /// A data table with borders, merged header cells and typed body cells.
    case table(ReportTable)
    /// A borderless side-by-side layout (e.g. the national-motto header or the signature block).
    case columns(ReportColumnLayout)
    /// A short horizontal rule (e.g. under the issuing office name or the title).
    case rule(ReportRule)
    /// A hard page break.
    case pageBreak

    /// The data tables inside this block, in reading order.
    public var tables: [ReportTable] {
        switch self {
        case .table(let table): [table]
        case .columns(let layout): layout.columns.flatMap { $0.blocks.flatMap(\.tables) }
        case .paragraph, .heading, .rule, .pageBreak: []
        }
    }

    /// A paragraph of one run of plain text.
    public static func text(
        _ text: String,
        bold: Bool = false,
        italic: Bool = false,
        alignment: TextAlignment = .left,
        fontSize: Double? = nil
    ) -> ReportBlock {
        .paragraph(ReportParagraph(text, bold: bold, italic: italic, fontSize: fontSize, alignment: alignment))
    }
}

/// Horizontal alignment of a paragraph or a table cell.
public enum TextAlignment: String, Sendable, Hashable, CaseIterable {
    case left
    case center
    case right
    case justify
}

/// A run of text sharing one character format.
///
/// A line feed (`"\n"`) in `text` becomes a line break, a tab (`"\t"`) a tab.
public struct ReportRun: Sendable, Hashable {
    /// The text (NFC-normalised by the writers).
    public var text: String
    /// Bold.
    public var bold: Bool
    /// Italic.
    public var italic: Bool
    /// Single underline.
    public var underline: Bool
    /// Size in points; `nil` uses the paragraph's context (body or table size).
    public var fontSize: Double?
    /// Raised and smaller, as in a footnote mark.
    public var superscript: Bool

    /// Creates a run.
    public init(
        _ text: String,
        bold: Bool = false,
        italic: Bool = false,
        underline: Bool = false,
        fontSize: Double? = nil,
        superscript: Bool = false
    ) {
        self.text = text
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.fontSize = fontSize
        self.superscript = superscript
    }
}

/// A paragraph: runs plus alignment, indentation and spacing.
public struct ReportParagraph: Sendable, Hashable {
    /// The runs in order.
    public var runs: [ReportRun]
    /// Horizontal alignment.
    public var alignment: TextAlignment
    /// First-line indent in millimetres.
    public var firstLineIndent: Double
    /// Left indent in millimetres.
    public var leftIndent: Double
    /// Right indent in millimetres.
    public var rightIndent: Double
    /// Space before, in points.
    public var spacingBefore: Double
    /// Space after, in points.
    public var spacingAfter: Double
    /// Line spacing as a multiple of a single line (1, 1.15, 1.5 …); `nil` is single.
    public var lineSpacing: Double?
    /// Keep on the same page as the next paragraph.
    public var keepWithNext: Bool

    /// Creates a paragraph from runs.
    public init(
        runs: [ReportRun],
        alignment: TextAlignment = .left,
        firstLineIndent: Double = 0,
        leftIndent: Double = 0,
        rightIndent: Double = 0,
        spacingBefore: Double = 0,
        spacingAfter: Double = 0,
        lineSpacing: Double? = nil,
        keepWithNext: Bool = false
    ) {
        self.runs = runs
        self.alignment = alignment
        self.firstLineIndent = firstLineIndent
        self.leftIndent = leftIndent
        self.rightIndent = rightIndent
        self.spacingBefore = spacingBefore
        self.spacingAfter = spacingAfter
        self.lineSpacing = lineSpacing
        self.keepWithNext = keepWithNext
    }

    /// Creates a paragraph of one run.
    public init(
        _ text: String,
        bold: Bool = false,
        italic: Bool = false,
        underline: Bool = false,
        fontSize: Double? = nil,
        alignment: TextAlignment = .left,
        firstLineIndent: Double = 0,
        spacingBefore: Double = 0,
        spacingAfter: Double = 0
    ) {
        self.init(
            runs: [ReportRun(text, bold: bold, italic: italic, underline: underline, fontSize: fontSize)],
            alignment: alignment,
            firstLineIndent: firstLineIndent,
            spacingBefore: spacingBefore,
            spacingAfter: spacingAfter
        )
    }

    /// A body paragraph in the administrative style: justified, first line indented 12.7 mm, 6 pt after,
    /// line spacing 1.15.
    ///
    /// - Parameter runs: The runs of the paragraph.
    /// - Returns: The paragraph.
    public static func body(runs: [ReportRun]) -> ReportParagraph {
        ReportParagraph(runs: runs, alignment: .justify, firstLineIndent: 12.7, spacingBefore: 0, spacingAfter: 6, lineSpacing: 1.15)
    }

    /// A body paragraph of plain text; see ``body(runs:)``.
    public static func body(_ text: String, bold: Bool = false, italic: Bool = false) -> ReportParagraph {
        body(runs: [ReportRun(text, bold: bold, italic: italic)])
    }

    /// The concatenated text of the runs.
    public var plainText: String { runs.map(\.text).joined() }
}

/// A heading; bold, in the body size, kept with the next paragraph.
public struct ReportHeading: Sendable, Hashable {
    /// Outline level 1…3 (larger levels are treated as 3).
    public var level: Int
    /// The runs of the heading (bold is applied by the style).
    public var runs: [ReportRun]
    /// Horizontal alignment.
    public var alignment: TextAlignment
    /// First-line indent in millimetres (administrative headings such as "I. …" are usually indented like body text).
    public var firstLineIndent: Double

    /// Creates a heading.
    public init(level: Int = 1, runs: [ReportRun], alignment: TextAlignment = .justify, firstLineIndent: Double = 12.7) {
        self.level = min(max(level, 1), 3)
        self.runs = runs
        self.alignment = alignment
        self.firstLineIndent = firstLineIndent
    }

    /// Creates a heading of plain text.
    public init(level: Int = 1, _ text: String, alignment: TextAlignment = .justify, firstLineIndent: Double = 12.7) {
        self.init(level: level, runs: [ReportRun(text)], alignment: alignment, firstLineIndent: firstLineIndent)
    }
}

/// A borderless table used for layout: columns of blocks side by side.
public struct ReportColumnLayout: Sendable, Hashable {
    /// One column of a layout.
    public struct Column: Sendable, Hashable {
        /// Relative width (weights are normalised over the layout).
        public var width: Double
        /// The content of the column.
        public var blocks: [ReportBlock]

        /// Creates a column.
        public init(width: Double, blocks: [ReportBlock]) {
            self.width = width
            self.blocks = blocks
        }
    }

    /// The columns, left to right.
    public var columns: [Column]

    /// Creates a layout.
    public init(columns: [Column]) {
        self.columns = columns
    }
}

/// A short horizontal line.
public struct ReportRule: Sendable, Hashable {
    /// Length in millimetres.
    public var length: Double
    /// Position of the line within the available width.
    public var alignment: TextAlignment

    /// Creates a rule.
    public init(length: Double, alignment: TextAlignment = .center) {
        self.length = length
        self.alignment = alignment
    }
}

/// Fonts and default sizes.
public struct ReportTypography: Sendable, Hashable {
    /// Font family; Times New Roman as Decree 30/2020/NĐ-CP requires.
    public var fontName: String
    /// Body size in points (13 or 14).
    public var bodySize: Double
    /// Table size in points (12 or 13).
    public var tableSize: Double

    /// Creates a typography.
    public init(fontName: String = "Times New Roman", bodySize: Double = 14, tableSize: Double = 13) {
        self.fontName = fontName
        self.bodySize = bodySize
        self.tableSize = tableSize
    }
}

/// Paper size and margins, in millimetres.
public struct ReportPageSetup: Sendable, Hashable {
    /// Paper width in portrait orientation, in twentieths of a point.
    public var paperWidthTwips: Int
    /// Paper height in portrait orientation, in twentieths of a point.
    public var paperHeightTwips: Int
    /// Top margin, mm.
    public var topMargin: Double
    /// Bottom margin, mm.
    public var bottomMargin: Double
    /// Left margin, mm.
    public var leftMargin: Double
    /// Right margin, mm.
    public var rightMargin: Double
    /// Number pages in the header, centred, from the second page on (as Decree 30 asks).
    public var pageNumbers: Bool

    /// A4 (11906 × 16838 twips) with Decree 30 margins: top and bottom 20 mm, left 30 mm, right 15 mm.
    public init(
        paperWidthTwips: Int = 11906,
        paperHeightTwips: Int = 16838,
        topMargin: Double = 20,
        bottomMargin: Double = 20,
        leftMargin: Double = 30,
        rightMargin: Double = 15,
        pageNumbers: Bool = true
    ) {
        self.paperWidthTwips = paperWidthTwips
        self.paperHeightTwips = paperHeightTwips
        self.topMargin = topMargin
        self.bottomMargin = bottomMargin
        self.leftMargin = leftMargin
        self.rightMargin = rightMargin
        self.pageNumbers = pageNumbers
    }
}

/// Document properties. The date is fixed so that the output is reproducible.
public struct ReportMetadata: Sendable, Hashable {
    /// Title (`dc:title`, HTML `<title>`).
    public var title: String
    /// Author (`dc:creator`).
    public var creator: String
    /// Creation and modification timestamp, ISO 8601 UTC (`2024-01-01T00:00:00Z`).
    public var timestamp: String

    /// Creates metadata.
    public init(title: String = "", creator: String = "ChiSo", timestamp: String = "2024-01-01T00:00:00Z") {
        self.title = title
        self.creator = creator
        self.timestamp = timestamp
    }
}
