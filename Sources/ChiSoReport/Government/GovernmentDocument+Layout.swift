extension GovernmentDocument {
    /// Lays the document out per Decree 30/2020/NĐ-CP.
    ///
    /// 1. A borderless two-column header: on the left the parent body (capitals), the issuing office (bold
    ///    capitals), a short rule and the number line (and, for an official letter, the "V/v" summary); on the
    ///    right "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (bold 12 pt), "Độc lập - Tự do - Hạnh phúc" (bold 13 pt)
    ///    with a rule under it, and the italic place-date line.
    /// 2. The kind and title, bold and centred, with a short rule; or "Kính gửi:" for an official letter.
    /// 3. The body.
    /// 4. A borderless two-column block: "Nơi nhận:" (bold italic 12 pt) with its entries (11 pt) on the left,
    ///    the signer's authority (bold), room for the signature and the name (bold) on the right.
    /// 5. Each appendix in its own section (landscape by default): "Phụ lục N", its title, and the italic line
    ///    "(Kèm theo Thông báo số …/TB-VPUBND ngày … của Văn phòng UBND tỉnh)", then its blocks.
    ///
    /// - Parameters:
    ///   - issuer: Who issues, numbers, dates, sends and signs the document.
    ///   - typography: Fonts and sizes (Times New Roman, 14 pt body and 13 pt tables by default).
    /// - Returns: The document, ready for ``DOCXWriter`` or ``HTMLWriter``.
    public func reportDocument(issuer: IssuerSettings, typography: ReportTypography = ReportTypography()) -> ReportDocument {
        var main: [ReportBlock] = [header(issuer)]
        main += titleBlocks()
        main += addresseeBlocks()
        main.append(.paragraph(ReportParagraph(runs: [], spacingAfter: 6)))
        main += body
        main.append(.paragraph(ReportParagraph(runs: [], spacingAfter: 6)))
        main.append(signature(issuer))
        var sections = [ReportSection(orientation: .portrait, blocks: main)]
        for (index, appendix) in appendices.enumerated() {
            sections.append(ReportSection(orientation: appendix.orientation, blocks: appendixBlocks(appendix, number: index + 1, issuer: issuer)))
        }
        let title = ([kind.name ?? kind.sentenceName] + titleLines).joined(separator: " ")
        return ReportDocument(sections: sections, typography: typography, metadata: ReportMetadata(title: title, creator: issuer.officeShortName))
    }

    /// The "(Kèm theo Thông báo số …/TB-VPUBND ngày … của …)" line of the appendices.
    public func attachmentLine(issuer: IssuerSettings) -> String {
        let number = issuer.documentNumber ?? "     "
        let symbol = issuer.symbol(for: kind)
        return "(Kèm theo \(kind.sentenceName) số \(number)/\(symbol) \(IssuerSettings.dateText(issuer.date)) của \(issuer.officeShortName))"
    }

    private func centred(_ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil, before: Double = 0) -> ReportBlock {
        .paragraph(ReportParagraph(text, bold: bold, italic: italic, fontSize: size, alignment: .center, spacingBefore: before))
    }

    private func header(_ issuer: IssuerSettings) -> ReportBlock {
        var left: [ReportBlock] = []
        if !issuer.parentBody.isEmpty { left.append(centred(issuer.parentBody, size: 13)) }
        left.append(centred(issuer.office, bold: true, size: 13))
        left.append(.rule(ReportRule(length: 25)))
        left.append(centred(issuer.numberLine(for: kind), size: 13, before: 6))
        if kind.name == nil, let first = titleLines.first {
            // One paragraph that wraps to the column: the title's own line breaks are for the centred title
            // and would cut the narrower summary into fragments.
            let summary = (["V/v " + first] + titleLines.dropFirst()).joined(separator: " ")
            left.append(centred(summary, size: 12, before: 6))
        }
        let right: [ReportBlock] = [
            centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12),
            centred("Độc lập - Tự do - Hạnh phúc", bold: true, size: 13),
            .rule(ReportRule(length: 58)),
            centred(issuer.placeDateLine, italic: true, size: 14, before: 12),
        ]
        return .columns(ReportColumnLayout(columns: [.init(width: 40, blocks: left), .init(width: 60, blocks: right)]))
    }

    private func titleBlocks() -> [ReportBlock] {
        guard let name = kind.name else { return [] }
        var blocks = [centred(name, bold: true, size: 14, before: 18)]
        blocks += titleLines.map { centred($0, bold: true, size: 14) }
        if !titleLines.isEmpty { blocks.append(.rule(ReportRule(length: 40))) }
        return blocks
    }

    private func addresseeBlocks() -> [ReportBlock] {
        switch addressees.count {
        case 0:
            return []
        case 1:
            return [centred("Kính gửi: \(Self.punctuated(addressees[0], last: true, dash: false))", before: 12)]
        default:
            var blocks: [ReportBlock] = [
                .paragraph(ReportParagraph(runs: [ReportRun("Kính gửi:")], leftIndent: 35, spacingBefore: 12))
            ]
            for (index, addressee) in addressees.enumerated() {
                let text = Self.punctuated(addressee, last: index == addressees.count - 1, dash: true)
                blocks.append(.paragraph(ReportParagraph(runs: [ReportRun(text)], leftIndent: 55)))
            }
            return blocks
        }
    }

    private func signature(_ issuer: IssuerSettings) -> ReportBlock {
        var left: [ReportBlock] = []
        if !issuer.recipients.isEmpty {
            left.append(.paragraph(ReportParagraph("Nơi nhận:", bold: true, italic: true, fontSize: 12)))
            for (index, recipient) in issuer.recipients.enumerated() {
                let text = Self.punctuated(recipient, last: index == issuer.recipients.count - 1, dash: true)
                left.append(.paragraph(ReportParagraph(text, fontSize: 11)))
            }
        }
        var right: [ReportBlock] = issuer.signerAuthority.map { centred($0, bold: true, size: 14) }
        if let name = issuer.signerName, !name.isEmpty {
            right += Array(repeating: ReportBlock.paragraph(ReportParagraph(runs: [])), count: 4)
            right.append(centred(name, bold: true, size: 14))
        }
        return .columns(ReportColumnLayout(columns: [.init(width: 45, blocks: left), .init(width: 55, blocks: right)]))
    }

    private func appendixBlocks(_ appendix: Appendix, number: Int, issuer: IssuerSettings) -> [ReportBlock] {
        var blocks = [centred("Phụ lục \(number)", bold: true, size: 14)]
        blocks += appendix.titleLines.map { centred($0, bold: true, size: 14) }
        blocks.append(.paragraph(ReportParagraph(attachmentLine(issuer: issuer), italic: true, fontSize: 14, alignment: .center, spacingAfter: 6)))
        blocks += appendix.blocks
        return blocks
    }

    /// "- entry;" / "- entry." unless the entry already starts with a dash or ends with punctuation.
    static func punctuated(_ entry: String, last: Bool, dash: Bool) -> String {
        var text = entry
        if dash && !(text.hasPrefix("-") || text.hasPrefix("+")) { text = "- " + text }
        if let end = text.last, !";.,:".contains(end) { text += last ? "." : ";" }
        return text
    }
}
