/// Writes a ``ReportDocument`` as one standalone HTML page (`lang="vi"`, UTF-8, print-friendly CSS),
/// with the same tables, merged header cells (`colspan`/`rowspan`) and Vietnamese number display.
public enum HTMLWriter {
    /// The complete page.
    public static func html(_ document: ReportDocument) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(Markup.escape(document.metadata.title))</title>\n"
        html += "<style>\n\(css(document.typography, pageSetup: document.pageSetup))</style>\n</head>\n<body>\n"
        for section in document.sections {
            html += "<section class=\"\(section.orientation.rawValue)\">\n"
            html += blocks(section.blocks, typography: document.typography)
            html += "</section>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }

    /// The style sheet: Times New Roman, A4 pages with Decree 30 margins, landscape sections, bordered tables.
    public static func css(_ typography: ReportTypography, pageSetup: ReportPageSetup = ReportPageSetup()) -> String {
        let margins = [pageSetup.topMargin, pageSetup.rightMargin, pageSetup.bottomMargin, pageSetup.leftMargin]
            .map { Markup.number($0) + "mm" }.joined(separator: " ")
        return """
            @page { size: A4 portrait; margin: \(margins); }
            @page landscape { size: A4 landscape; margin: \(margins); }
            body { font-family: "\(typography.fontName)", Times, serif; font-size: \(Markup.number(typography.bodySize))pt; \
            line-height: 1.3; color: #000; background: #fff; max-width: 260mm; margin: 0 auto; padding: 8mm; }
            section.landscape { page: landscape; }
            section + section { break-before: page; page-break-before: always; margin-top: 12mm; }
            p { margin: 0; }
            h1, h2, h3 { font-size: \(Markup.number(typography.bodySize))pt; font-weight: bold; margin: 6pt 0; }
            h3 { font-style: italic; }
            table { border-collapse: collapse; width: 100%; }
            table.data { font-size: \(Markup.number(typography.tableSize))pt; margin: 6pt 0; page-break-inside: auto; }
            table.data caption { font-weight: bold; font-size: \(Markup.number(typography.bodySize))pt; padding: 6pt 0; }
            table.data th, table.data td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; }
            table.data th { font-weight: bold; text-align: center; }
            table.data thead { display: table-header-group; }
            table.data tr { page-break-inside: avoid; }
            table.data tr.bold td { font-weight: bold; }
            table.layout td { border: none; vertical-align: top; padding: 0; }
            .left { text-align: left; } .center { text-align: center; } .right { text-align: right; } .justify { text-align: justify; }
            hr.rule { border: none; border-top: 1px solid #000; height: 0; margin: 1pt 0 3pt; }
            .page-break { break-after: page; page-break-after: always; }
            @media print { body { max-width: none; padding: 0; margin: 0; } section + section { margin-top: 0; } }

            """
    }

    /// One data table as `<table class="data">`.
    public static func tableHTML(_ table: ReportTable) -> String {
        var html = "<table class=\"data\">\n"
        if let title = table.title, !title.isEmpty { html += "<caption>\(text(title))</caption>\n" }
        html += "<colgroup>"
        for fraction in table.normalisedWidths {
            html += "<col style=\"width: \(Markup.number((fraction * 10000).rounded() / 100))%\">"
        }
        html += "</colgroup>\n"
        let grid = HeaderGrid(table)
        if grid.rowCount > 0 {
            html += "<thead>\n"
            for row in 0..<grid.rowCount {
                html += "<tr>"
                for item in grid.items(inRow: row) {
                    guard case .start(let cell) = item else { continue }
                    var attributes = ""
                    if cell.colspan > 1 { attributes += " colspan=\"\(cell.colspan)\"" }
                    if cell.rowspan > 1 { attributes += " rowspan=\"\(cell.rowspan)\"" }
                    html += "<th\(attributes)>\(text(cell.text))</th>"
                }
                html += "</tr>\n"
            }
            html += "</thead>\n"
        }
        html += "<tbody>\n"
        for row in table.rows {
            html += row.isBold ? "<tr class=\"bold\">" : "<tr>"
            for item in BodyRowLayout(row, columnCount: table.columnCount).items {
                var attributes = " class=\"\(table.alignment(of: item.cell, column: item.column).rawValue)\""
                if item.colspan > 1 { attributes += " colspan=\"\(item.colspan)\"" }
                let content = text(NumberStyle.vietnamese.text(of: item.cell.value))
                if let bold = item.cell.bold, bold != row.isBold {
                    attributes += bold ? " style=\"font-weight: bold\"" : " style=\"font-weight: normal\""
                }
                html += "<td\(attributes)>\(content)</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    static func blocks(_ blocks: [ReportBlock], typography: ReportTypography) -> String {
        var html = ""
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                html += "<p style=\"\(paragraphStyle(paragraph))\">\(runs(paragraph.runs))</p>\n"
            case .heading(let heading):
                var style = "text-align: \(cssAlignment(heading.alignment));"
                if heading.firstLineIndent != 0 { style += " text-indent: \(Markup.number(heading.firstLineIndent))mm;" }
                html += "<h\(heading.level) style=\"\(style)\">\(runs(heading.runs))</h\(heading.level)>\n"
            case .table(let table):
                html += tableHTML(table)
            case .columns(let layout):
                let total = layout.columns.map { max(0, $0.width) }.reduce(0, +)
                html += "<table class=\"layout\"><tr>"
                for column in layout.columns {
                    let percent = total > 0 ? (max(0, column.width) / total * 10000).rounded() / 100 : 100 / Double(layout.columns.count)
                    html += "<td style=\"width: \(Markup.number(percent))%\">\n"
                    html += Self.blocks(column.blocks, typography: typography)
                    html += "</td>"
                }
                html += "</tr></table>\n"
            case .rule(let rule):
                let margins: String =
                    switch rule.alignment {
                    case .center: "margin-left: auto; margin-right: auto;"
                    case .right: "margin-left: auto; margin-right: 0;"
                    case .left, .justify: "margin-left: 0; margin-right: auto;"
                    }
                html += "<hr class=\"rule\" style=\"width: \(Markup.number(rule.length))mm; \(margins)\">\n"
            case .pageBreak:
                html += "<div class=\"page-break\"></div>\n"
            }
        }
        return html
    }

    static func paragraphStyle(_ paragraph: ReportParagraph) -> String {
        var style = "text-align: \(cssAlignment(paragraph.alignment));"
        if paragraph.firstLineIndent != 0 { style += " text-indent: \(Markup.number(paragraph.firstLineIndent))mm;" }
        if paragraph.leftIndent != 0 { style += " margin-left: \(Markup.number(paragraph.leftIndent))mm;" }
        if paragraph.rightIndent != 0 { style += " margin-right: \(Markup.number(paragraph.rightIndent))mm;" }
        if paragraph.spacingBefore != 0 { style += " margin-top: \(Markup.number(paragraph.spacingBefore))pt;" }
        if paragraph.spacingAfter != 0 { style += " margin-bottom: \(Markup.number(paragraph.spacingAfter))pt;" }
        if let line = paragraph.lineSpacing { style += " line-height: \(Markup.number((line * 115).rounded() / 100));" }
        if paragraph.runs.allSatisfy({ $0.text.isEmpty }) { style += " min-height: 1em;" }
        return style
    }

    static func runs(_ runs: [ReportRun]) -> String {
        runs.map { run in
            var html = text(run.text)
            var style = ""
            if let size = run.fontSize { style += "font-size: \(Markup.number(size))pt;" }
            if !style.isEmpty { html = "<span style=\"\(style)\">\(html)</span>" }
            if run.superscript { html = "<sup>\(html)</sup>" }
            if run.underline { html = "<u>\(html)</u>" }
            if run.italic { html = "<em>\(html)</em>" }
            if run.bold { html = "<strong>\(html)</strong>" }
            return html
        }.joined()
    }

    /// Escaped text with line breaks as `<br>`.
    static func text(_ text: String) -> String {
        Markup.escape(text).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>")
    }

    static func cssAlignment(_ alignment: TextAlignment) -> String {
        alignment.rawValue
    }
}
