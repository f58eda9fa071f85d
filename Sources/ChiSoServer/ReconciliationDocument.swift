public import ChiSoCore
public import ChiSoIngest
import ChiSoReport

extension DocumentFiles {
    /// Composes the reconciliation report (`chiso report --type reconciliation`, and the download of the web
    /// application) from a reconciliation, with the issuer of the settings.
    public static func composeReconciliation(
        _ reconciliation: Reconciliation, settings s: ReportSettings, number: String? = nil, date: LocalDate? = nil
    ) -> Composed {
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
