/// Writes a ``ReportDocument`` as a Word document (Office Open XML WordprocessingML).
///
/// Every part is built by a pure function returning its XML text; only ``data(_:)`` zips them. The layout
/// follows Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman, landscape sections for
/// appendices, table header rows repeated on every page, page numbers centred in the header from page 2.
public enum DOCXWriter {
    /// The WordprocessingML main namespace.
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    /// The relationships namespace.
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The `.docx` bytes of `document`; the same document always gives the same bytes.
    ///
    /// - Throws: ``ReportError`` when zipping fails.
    public static func data(_ document: ReportDocument) throws(ReportError) -> [UInt8] {
        try OOXMLPackage.zip(parts: parts(document))
    }

    /// All parts of the package, in the order they are zipped.
    public static func parts(_ document: ReportDocument) -> [OOXMLPart] {
        let header = document.pageSetup.pageNumbers
        var parts = [
            OOXMLPart(path: "[Content_Types].xml", xml: contentTypesXML(hasHeader: header)),
            OOXMLPart(path: "_rels/.rels", xml: PackageProperties.rootRelationshipsXML(mainPart: "word/document.xml")),
            OOXMLPart(path: "docProps/core.xml", xml: PackageProperties.coreXML(document.metadata)),
            OOXMLPart(path: "docProps/app.xml", xml: PackageProperties.appXML),
            OOXMLPart(path: "word/document.xml", xml: documentXML(document)),
            OOXMLPart(path: "word/styles.xml", xml: stylesXML(document.typography)),
            OOXMLPart(path: "word/settings.xml", xml: settingsXML),
        ]
        if header {
            parts.append(OOXMLPart(path: "word/header1.xml", xml: headerXML(document.typography)))
        }
        parts.append(OOXMLPart(path: "word/_rels/document.xml.rels", xml: documentRelationshipsXML(hasHeader: header)))
        return parts
    }

    /// `[Content_Types].xml`.
    public static func contentTypesXML(hasHeader: Bool) -> String {
        let prefix = "application/vnd.openxmlformats-officedocument.wordprocessingml."
        return PackageProperties.xmlDeclaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/word/document.xml" ContentType="\#(prefix)document.main+xml"/>"#
            + #"<Override PartName="/word/styles.xml" ContentType="\#(prefix)styles+xml"/>"#
            + #"<Override PartName="/word/settings.xml" ContentType="\#(prefix)settings+xml"/>"#
            + (hasHeader ? #"<Override PartName="/word/header1.xml" ContentType="\#(prefix)header+xml"/>"# : "")
            + #"<Override PartName="/docProps/core.xml" ContentType="\#(PackageProperties.coreContentType)"/>"#
            + #"<Override PartName="/docProps/app.xml" ContentType="\#(PackageProperties.appContentType)"/>"#
            + "</Types>"
    }

    /// `_rels/.rels`.
    public static var rootRelationshipsXML: String {
        PackageProperties.rootRelationshipsXML(mainPart: "word/document.xml")
    }

    /// `word/_rels/document.xml.rels`: styles (`rId1`), settings (`rId2`) and the page-number header (`rId3`).
    public static func documentRelationshipsXML(hasHeader: Bool) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        return PackageProperties.xmlDeclaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="\#(base)styles" Target="styles.xml"/>"#
            + #"<Relationship Id="rId2" Type="\#(base)settings" Target="settings.xml"/>"#
            + (hasHeader ? #"<Relationship Id="rId3" Type="\#(base)header" Target="header1.xml"/>"# : "")
            + "</Relationships>"
    }

    /// `docProps/core.xml` with the metadata's fixed timestamp.
    public static func corePropertiesXML(_ metadata: ReportMetadata) -> String {
        PackageProperties.coreXML(metadata)
    }

    /// `docProps/app.xml`.
    public static var appPropertiesXML: String { PackageProperties.appXML }

    /// `word/settings.xml`: Vietnamese language, decimal comma, Word 2013+ compatibility.
    public static var settingsXML: String {
        PackageProperties.xmlDeclaration
            + #"<w:settings xmlns:w="\#(w)">"#
            + #"<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>"#
            + #"<w:characterSpacingControl w:val="doNotCompress"/>"#
            + #"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#
            + #"<w:themeFontLang w:val="vi-VN"/>"#
            + #"<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>"#
            + "</w:settings>"
    }

    /// `word/styles.xml`: Times New Roman (all four font slots) in the defaults and in every style,
    /// body size from `typography`, headings 1–3 and the bordered `TableGrid` table style.
    public static func stylesXML(_ typography: ReportTypography) -> String {
        let fonts = fontsXML(typography.fontName)
        let size = halfPoints(typography.bodySize)
        let sizeXML = #"<w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/>"#
        var xml = PackageProperties.xmlDeclaration + #"<w:styles xmlns:w="\#(w)">"#
        xml += "<w:docDefaults><w:rPrDefault><w:rPr>\(fonts)\(sizeXML)"
        xml += #"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#
        xml += #"<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
        xml += #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>"#
        xml += "<w:rPr>\(fonts)\(sizeXML)</w:rPr></w:style>"
        xml += #"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>"#
        xml += #"<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#
        for level in 1...3 {
            xml += #"<w:style w:type="paragraph" w:styleId="Heading\#(level)"><w:name w:val="heading \#(level)"/>"#
            xml += #"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>"#
            xml += #"<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:outlineLvl w:val="\#(level - 1)"/></w:pPr>"#
            xml += "<w:rPr>\(fonts)<w:b/><w:bCs/>\(level == 3 ? "<w:i/><w:iCs/>" : "")\(sizeXML)</w:rPr></w:style>"
        }
        xml += #"<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>"#
        xml += "<w:rPr>\(fonts)</w:rPr></w:style>"
        xml += #"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>"#
        xml += #"<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>"#
        xml += #"<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>"#
        xml += #"<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
        xml += #"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>"#
        xml += #"<w:uiPriority w:val="59"/><w:tblPr>\#(bordersXML(visible: true))</w:tblPr></w:style>"#
        xml += "</w:styles>"
        return xml
    }

    /// `word/header1.xml`: the page number, centred.
    public static func headerXML(_ typography: ReportTypography) -> String {
        let size = halfPoints(typography.bodySize - 1)
        let rPr = #"<w:rPr>\#(fontsXML(typography.fontName))<w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/></w:rPr>"#
        return PackageProperties.xmlDeclaration
            + #"<w:hdr xmlns:w="\#(w)" xmlns:r="\#(r)">"#
            + #"<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/>\#(rPr)</w:pPr>"#
            + #"<w:r>\#(rPr)<w:fldChar w:fldCharType="begin"/></w:r>"#
            + #"<w:r>\#(rPr)<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>"#
            + #"<w:r>\#(rPr)<w:fldChar w:fldCharType="separate"/></w:r>"#
            + #"<w:r>\#(rPr)<w:t>2</w:t></w:r>"#
            + #"<w:r>\#(rPr)<w:fldChar w:fldCharType="end"/></w:r>"#
            + "</w:p></w:hdr>"
    }

    /// `word/document.xml`: the body with one `w:sectPr` per section.
    public static func documentXML(_ document: ReportDocument) -> String {
        let renderer = DOCXRenderer(typography: document.typography, pageSetup: document.pageSetup)
        var xml = PackageProperties.xmlDeclaration + #"<w:document xmlns:w="\#(w)" xmlns:r="\#(r)"><w:body>"#
        let sections = document.sections.isEmpty ? [ReportSection(blocks: [])] : document.sections
        for (index, section) in sections.enumerated() {
            let width = renderer.textWidth(section.orientation)
            xml += renderer.blocks(section.blocks, width: width)
            let properties = renderer.sectionProperties(section.orientation, isFirst: index == 0)
            if index < sections.count - 1 {
                xml += "<w:p><w:pPr>\(properties)</w:pPr></w:p>"
            } else {
                xml += properties
            }
        }
        xml += "</w:body></w:document>"
        return xml
    }

    /// `<w:rFonts>` naming `font` for ASCII, high ANSI, complex script and East Asian text.
    static func fontsXML(_ font: String) -> String {
        let name = Markup.escape(font)
        return #"<w:rFonts w:ascii="\#(name)" w:hAnsi="\#(name)" w:eastAsia="\#(name)" w:cs="\#(name)"/>"#
    }

    /// Table borders, single 1/2 pt black lines, or none.
    static func bordersXML(visible: Bool) -> String {
        let edge = visible ? #"w:val="single" w:sz="4" w:space="0" w:color="000000""# : #"w:val="nil""#
        return "<w:tblBorders>"
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(edge)/>" }.joined()
            + "</w:tblBorders>"
    }

    /// Points to half-points.
    static func halfPoints(_ points: Double) -> Int {
        Int((points * 2).rounded())
    }

    /// Millimetres to twentieths of a point (1 mm = 56.7 twips).
    static func twips(millimetres: Double) -> Int {
        Int((millimetres * 56.7).rounded())
    }
}
