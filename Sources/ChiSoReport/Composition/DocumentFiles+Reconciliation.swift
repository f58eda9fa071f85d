public import ChiSoCore
public import ChiSoIngest

extension DocumentFiles {
    /// Composes the reconciliation report (`chiso report --type reconciliation`, and the download of the web
    /// application) from a reconciliation, with the issuer of the settings.
    public static func composeReconciliation(
        _ reconciliation: Reconciliation, settings: ReportSettings, number: String? = nil, date: LocalDate? = nil
    ) -> Composed {
        var s = settings.completed(provinceUnitName: reconciliation.province?.unit?.name)
        if s.signerAuthority.isEmpty { s.signerAuthority = OfficialDocumentKind.monthlyNotice.defaultSignerAuthority }
        if s.recipients.isEmpty { s.recipients = ["CT, các PCT UBND tỉnh", "LĐVP", "Lưu: VT"] }
        let options = DocumentOptions(provinceName: s.province, officeShortName: s.officeShortName)
        let document = ReconciliationReport.document(reconciliation, options: options)
        let issuer = IssuerSettings(
            parentBody: s.parentBody, office: s.office, officeAbbreviation: s.officeAbbreviation, officeShortName: s.officeShortName,
            documentNumber: number ?? s.documentNumber, place: s.place, date: date ?? s.date, recipients: s.recipients,
            signerAuthority: s.signerAuthority, signerName: s.signerName)
        return Composed(
            document: document, report: document.reportDocument(issuer: issuer), stem: ReconciliationReport.fileStem(for: reconciliation.period))
    }
}
