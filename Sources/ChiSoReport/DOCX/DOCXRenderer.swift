/// Renders blocks to WordprocessingML body XML. Pure: text in, text out.
struct DOCXRenderer: Sendable {
    let typography: ReportTypography
    let pageSetup: ReportPageSetup

    // MARK: Page

    /// Usable width between the margins, in twips.
    func textWidth(_ orientation: PageOrientation) -> Int {
        let paper = orientation == .portrait ? pageSetup.paperWidthTwips : pageSetup.paperHeightTwips
        return paper - DOCXWriter.twips(millimetres: pageSetup.leftMargin) - DOCXWriter.twips(millimetres: pageSetup.rightMargin)
    }

    /// `<w:sectPr>` for a section: A4 in the given orientation, Decree 30 margins, page numbers after page 1.
    func sectionProperties(_ orientation: PageOrientation, isFirst: Bool) -> String {
        var xml = "<w:sectPr>"
        if pageSetup.pageNumbers {
            xml += #"<w:headerReference w:type="default" r:id="rId3"/>"#
        }
        xml += #"<w:type w:val="nextPage"/>"#
        let (short, long) = (pageSetup.paperWidthTwips, pageSetup.paperHeightTwips)
        switch orientation {
        case .portrait: xml += #"<w:pgSz w:w="\#(short)" w:h="\#(long)"/>"#
        case .landscape: xml += #"<w:pgSz w:w="\#(long)" w:h="\#(short)" w:orient="landscape"/>"#
        }
        let top = DOCXWriter.twips(millimetres: pageSetup.topMargin)
        let bottom = DOCXWriter.twips(millimetres: pageSetup.bottomMargin)
        let left = DOCXWriter.twips(millimetres: pageSetup.leftMargin)
        let right = DOCXWriter.twips(millimetres: pageSetup.rightMargin)
        let header = DOCXWriter.twips(millimetres: min(10, pageSetup.topMargin / 2))
        xml += #"<w:pgMar w:top="\#(top)" w:right="\#(right)" w:bottom="\#(bottom)" w:left="\#(left)" "#
        xml += #"w:header="\#(header)" w:footer="\#(header)" w:gutter="0"/>"#
        xml += #"<w:cols w:space="720"/>"#
        if pageSetup.pageNumbers && isFirst { xml += "<w:titlePg/>" }
        xml += #"<w:docGrid w:linePitch="360"/>"#
        xml += "</w:sectPr>"
        return xml
    }

    // MARK: Blocks

    /// Renders blocks laid out in `width` twips.
    func blocks(_ blocks: [ReportBlock], width: Int) -> String {
        var xml = ""
        for (index, block) in blocks.enumerated() {
            let next = index + 1 < blocks.count ? blocks[index + 1] : nil
            switch block {
            case .paragraph(var paragraph):
                // A lead-in line ("- Cấp xã:") stays on the page of what it introduces.
                if Self.isLeadIn(paragraph), next != nil { paragraph.keepWithNext = true }
                xml += self.paragraph(paragraph, defaultSize: typography.bodySize)
            case .heading(let heading):
                var paragraph = ReportParagraph(
                    runs: heading.runs.map {
                        var run = $0; run.bold = true; return run
                    },
                    alignment: heading.alignment,
                    firstLineIndent: heading.firstLineIndent
                )
                // A heading is never left at the foot of a page.
                paragraph.keepWithNext = next != nil
                xml += self.paragraph(paragraph, defaultSize: typography.bodySize, style: "Heading\(heading.level)")
            case .table(let table):
                xml += self.table(table, width: width)
            case .columns(let layout):
                xml += columns(layout, width: width)
            case .rule(let rule):
                xml += self.rule(rule, width: width)
            case .pageBreak:
                xml += #"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#
            }
        }
        return xml
    }

    /// Whether a paragraph introduces what follows: its text ends with a colon.
    static func isLeadIn(_ paragraph: ReportParagraph) -> Bool {
        paragraph.plainText.last(where: { $0 != " " }) == ":"
    }

    /// A paragraph. `style` names a paragraph style; the paragraph mark gets the default size so that
    /// empty paragraphs have the right height.
    func paragraph(_ paragraph: ReportParagraph, defaultSize: Double, style: String? = nil) -> String {
        var pPr = ""
        if let style { pPr += #"<w:pStyle w:val="\#(style)"/>"# }
        if paragraph.keepWithNext { pPr += "<w:keepNext/>" }
        pPr += spacingXML(before: paragraph.spacingBefore, after: paragraph.spacingAfter, line: paragraph.lineSpacing)
        pPr += indentXML(left: paragraph.leftIndent, right: paragraph.rightIndent, firstLine: paragraph.firstLineIndent)
        pPr += #"<w:jc w:val="\#(Self.justification(paragraph.alignment))"/>"#
        pPr += "<w:rPr>\(runProperties(ReportRun(""), size: defaultSize))</w:rPr>"
        let runs = paragraph.runs.map { run($0, defaultSize: defaultSize) }.joined()
        return "<w:p><w:pPr>\(pPr)</w:pPr>\(runs)</w:p>"
    }

    /// A run; `"\n"` becomes `<w:br/>`, `"\t"` `<w:tab/>`.
    func run(_ run: ReportRun, defaultSize: Double) -> String {
        var content = ""
        var pending = ""
        func flush() {
            if !pending.isEmpty {
                content += #"<w:t xml:space="preserve">\#(Markup.escape(pending))</w:t>"#
                pending = ""
            }
        }
        for character in run.text {
            switch character {
            case "\n", "\r\n":
                flush()
                content += "<w:br/>"
            case "\t":
                flush()
                content += "<w:tab/>"
            default:
                pending.append(character)
            }
        }
        flush()
        return "<w:r><w:rPr>\(runProperties(run, size: run.fontSize ?? defaultSize))</w:rPr>\(content)</w:r>"
    }

    /// The inside of `<w:rPr>`, in schema order.
    func runProperties(_ run: ReportRun, size: Double) -> String {
        var xml = DOCXWriter.fontsXML(typography.fontName)
        if run.bold { xml += "<w:b/><w:bCs/>" }
        if run.italic { xml += "<w:i/><w:iCs/>" }
        let half = DOCXWriter.halfPoints(size)
        xml += #"<w:sz w:val="\#(half)"/><w:szCs w:val="\#(half)"/>"#
        if run.underline { xml += #"<w:u w:val="single"/>"# }
        if run.superscript { xml += #"<w:vertAlign w:val="superscript"/>"# }
        return xml
    }

    func spacingXML(before: Double, after: Double, line: Double?) -> String {
        let beforeTwips = Int((before * 20).rounded())
        let afterTwips = Int((after * 20).rounded())
        let lineValue = Int(((line ?? 1) * 240).rounded())
        return #"<w:spacing w:before="\#(beforeTwips)" w:after="\#(afterTwips)" w:line="\#(lineValue)" w:lineRule="auto"/>"#
    }

    func indentXML(left: Double, right: Double, firstLine: Double) -> String {
        guard left != 0 || right != 0 || firstLine != 0 else { return "" }
        var xml = "<w:ind"
        if left != 0 { xml += #" w:left="\#(DOCXWriter.twips(millimetres: left))""# }
        if right != 0 { xml += #" w:right="\#(DOCXWriter.twips(millimetres: right))""# }
        if firstLine > 0 { xml += #" w:firstLine="\#(DOCXWriter.twips(millimetres: firstLine))""# }
        if firstLine < 0 { xml += #" w:hanging="\#(DOCXWriter.twips(millimetres: -firstLine))""# }
        return xml + "/>"
    }

    static func justification(_ alignment: TextAlignment) -> String {
        switch alignment {
        case .left: "left"
        case .center: "center"
        case .right: "right"
        case .justify: "both"
        }
    }

    /// Space above a rule, in twips, so that it never touches the line above it.
    static let ruleGap = 80

    /// A short bottom-bordered empty paragraph, its length set by the indents.
    func rule(_ rule: ReportRule, width: Int) -> String {
        let length = min(width, DOCXWriter.twips(millimetres: rule.length))
        let spare = max(0, width - length)
        let (left, right): (Int, Int) =
            switch rule.alignment {
            case .left, .justify: (0, spare)
            case .right: (spare, 0)
            case .center: (spare / 2, spare - spare / 2)
            }
        return "<w:p><w:pPr>"
            + #"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>"#
            + #"<w:spacing w:before="\#(Self.ruleGap)" w:after="0" w:line="240" w:lineRule="auto"/>"#
            + #"<w:ind w:left="\#(left)" w:right="\#(right)"/>"#
            + #"<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr></w:pPr></w:p>"#
    }

    // MARK: Tables

    /// A bordered data table with repeated, merged header rows.
    func table(_ table: ReportTable, width: Int) -> String {
        guard table.columnCount > 0 else { return "" }
        let size = table.fontSize ?? typography.tableSize
        var xml = ""
        if let title = table.title, !title.isEmpty {
            var caption = ReportParagraph(title, bold: true, alignment: .center, spacingBefore: 6, spacingAfter: 6)
            caption.keepWithNext = true
            xml += paragraph(caption, defaultSize: typography.bodySize)
        }
        let widths = ColumnFitting.widths(table, total: width, headerSize: size, bodySize: size)
        func span(_ column: Int, _ count: Int) -> Int {
            widths[column..<min(widths.count, column + count)].reduce(0, +)
        }
        xml += "<w:tbl><w:tblPr>"
        xml += #"<w:tblStyle w:val="TableGrid"/><w:tblW w:w="\#(width)" w:type="dxa"/><w:jc w:val="center"/>"#
        xml += DOCXWriter.bordersXML(visible: true)
        xml += #"<w:tblLayout w:type="fixed"/>"#
        xml += #"<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>"#
        xml += #"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#
        xml += "</w:tblPr><w:tblGrid>"
        xml += widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined()
        xml += "</w:tblGrid>"

        let grid = HeaderGrid(table)
        for row in 0..<grid.rowCount {
            xml += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            for item in grid.items(inRow: row) {
                switch item {
                case .start(let cell):
                    let header = ReportParagraph(runs: [ReportRun(cell.text, bold: true)], alignment: .center)
                    xml += tableCell(
                        width: span(cell.column, cell.colspan),
                        colspan: cell.colspan,
                        verticalMerge: cell.rowspan > 1 ? .restart : nil,
                        content: self.paragraph(header, defaultSize: size)
                    )
                case .continuation(let cell):
                    let empty = ReportParagraph(runs: [], alignment: .center)
                    xml += tableCell(
                        width: span(cell.column, cell.colspan),
                        colspan: cell.colspan,
                        verticalMerge: .continue,
                        content: self.paragraph(empty, defaultSize: size)
                    )
                }
            }
            xml += "</w:tr>"
        }
        for row in table.rows {
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for item in BodyRowLayout(row, columnCount: table.columnCount).items {
                let text = NumberStyle.vietnamese.text(of: item.cell.value)
                let bold = item.cell.bold ?? row.isBold
                let content = ReportParagraph(
                    runs: [ReportRun(text, bold: bold)],
                    alignment: table.alignment(of: item.cell, column: item.column)
                )
                xml += tableCell(
                    width: span(item.column, item.colspan),
                    colspan: item.colspan,
                    verticalMerge: nil,
                    content: paragraph(content, defaultSize: size)
                )
            }
            xml += "</w:tr>"
        }
        xml += "</w:tbl>"
        return xml
    }

    enum VerticalMerge {
        case restart
        case `continue`
    }

    func tableCell(width: Int, colspan: Int, verticalMerge: VerticalMerge?, content: String) -> String {
        var xml = #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>"#
        if colspan > 1 { xml += #"<w:gridSpan w:val="\#(colspan)"/>"# }
        switch verticalMerge {
        case .restart: xml += #"<w:vMerge w:val="restart"/>"#
        case .continue: xml += "<w:vMerge/>"
        case nil: break
        }
        xml += #"<w:vAlign w:val="center"/></w:tcPr>"#
        return xml + content + "</w:tc>"
    }

    /// A borderless one-row table holding the columns side by side.
    func columns(_ layout: ReportColumnLayout, width: Int) -> String {
        guard !layout.columns.isEmpty else { return "" }
        let weights = layout.columns.map { $0.width.isFinite && $0.width > 0 ? $0.width : 0 }
        let total = weights.reduce(0, +)
        let fractions = total > 0 ? weights.map { $0 / total } : weights.map { _ in 1 / Double(weights.count) }
        let widths = distribute(width, over: fractions)
        var xml = "<w:tbl><w:tblPr>"
        xml += #"<w:tblW w:w="\#(width)" w:type="dxa"/><w:jc w:val="center"/>"#
        xml += DOCXWriter.bordersXML(visible: false)
        xml += #"<w:tblLayout w:type="fixed"/>"#
        xml += #"<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>"#
        xml += #"<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>"#
        xml += "</w:tblPr><w:tblGrid>"
        xml += widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined()
        // The row cannot split: a signature block or a header stays whole on one page.
        xml += "</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>"
        for (column, cellWidth) in zip(layout.columns, widths) {
            var content = blocks(column.blocks, width: cellWidth)
            if !content.hasSuffix("</w:p>") {
                content += paragraph(ReportParagraph(runs: []), defaultSize: typography.bodySize)
            }
            xml += #"<w:tc><w:tcPr><w:tcW w:w="\#(cellWidth)" w:type="dxa"/></w:tcPr>"# + content + "</w:tc>"
        }
        xml += "</w:tr></w:tbl>"
        return xml
    }
}
