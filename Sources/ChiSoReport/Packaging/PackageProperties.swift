/// Parts shared by the DOCX and XLSX packages: document properties and root relationships.
enum PackageProperties {
    static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    static let coreContentType = "application/vnd.openxmlformats-package.core-properties+xml"
    static let appContentType = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

    /// `docProps/core.xml` with the metadata's fixed timestamp.
    static func coreXML(_ metadata: ReportMetadata) -> String {
        let stamp = Markup.escape(metadata.timestamp)
        return xmlDeclaration
            + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#
            + #"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#
            + #"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<dc:title>\(Markup.escape(metadata.title))</dc:title>"
            + "<dc:creator>\(Markup.escape(metadata.creator))</dc:creator>"
            + "<cp:lastModifiedBy>\(Markup.escape(metadata.creator))</cp:lastModifiedBy>"
            + "<dc:language>vi-VN</dc:language>"
            + #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:created>"#
            + #"<dcterms:modified xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:modified>"#
            + "</cp:coreProperties>"
    }

    /// `docProps/app.xml`.
    static let appXML =
        xmlDeclaration
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#
        + #"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
        + "<Application>ChiSo</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        + "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        + "<AppVersion>16.0000</AppVersion></Properties>"

    /// `_rels/.rels` pointing at the main part and the two property parts.
    static func rootRelationshipsXML(mainPart: String) -> String {
        xmlDeclaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="\#(mainPart)"/>"#
            + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
            + #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#
            + "</Relationships>"
    }
}
