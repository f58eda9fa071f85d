/// The portal's figure for one indicator of one unit, as far as the portal publishes it.
///
/// Transparency, digitisation and satisfaction publish one metric per indicator. Timeliness, online service and
/// online payment publish raw counts beside the group's score; the indicator's numerator and denominator are then
/// read from those counts (rate from them when the portal gives none), and points only where the group holds a
/// single indicator (timeliness).
extension NationalUnitFigures {
    public func figure(for indicator: Indicator) -> NationalMetric? {
        if let code = indicator.portalMetricCode {
            guard let group = NationalUnitFigures.group(of: indicator), let figures = groups[group] else { return nil }
            return figures.metric(indicator) ?? figures.metrics.first { $0.code == code }
        }
        func fromCounts(
            _ group: NationalGroup, numerator: [String], denominator: [String], rate: Double? = nil, points: Double? = nil,
            maxPoints: Double? = nil
        ) -> NationalMetric? {
            guard let figures = groups[group] else { return nil }
            func sum(_ fields: [String]) -> Double? {
                let values = fields.map { figures.count($0) }
                return values.contains { $0 == nil } ? nil : values.reduce(0) { $0 + $1! }
            }
            let n = sum(numerator)
            let d = sum(denominator)
            guard n != nil || d != nil || points != nil else { return nil }
            let derived = n.flatMap { n in d.flatMap { $0 > 0 ? n * 100 / $0 : nil } }
            return NationalMetric(
                code: indicator.rawValue, indicator: indicator, numerator: n, denominator: d, rate: rate ?? derived, points: points,
                maxPoints: maxPoints)
        }
        switch indicator {
        case .dossierOnTime:
            let group = groups[.timeliness]
            return fromCounts(
                .timeliness, numerator: ["totalOnTime"], denominator: ["totalReceived"], rate: group?.rate, points: group?.points,
                maxPoints: group?.maxPoints)
        case .onlineServiceProvision:
            return fromCounts(.onlineService, numerator: ["partialCount", "fullCount"], denominator: ["authorityCount"])
        case .onlineServiceUsage:
            return fromCounts(.onlineService, numerator: ["onlineDossierCount"], denominator: ["onlineServiceTotal"])
        case .onlineDossier:
            return fromCounts(.onlineService, numerator: ["channelOnlineSum"], denominator: ["channelTotalSum"])
        case .feeProcedureIntegration:
            return fromCounts(.onlinePayment, numerator: ["totalFeeDossierFormalityDistinct"], denominator: ["totalFeeFormality"])
        case .procedureOnlinePayment:
            return fromCounts(.onlinePayment, numerator: ["totalDossierOnlineFormalityPaymentSuccess"], denominator: ["totalFeeFormality"])
        case .dossierOnlinePayment:
            return fromCounts(.onlinePayment, numerator: ["totalDossierOnlinePaymentSuccess"], denominator: ["totalDossierFinancialObligation"])
        default:
            return nil
        }
    }

    /// The portal's count of overdue dossiers (`totalOverdue`, else received less on time), when published.
    public var overdueCount: Double? {
        guard let timeliness = groups[.timeliness] else { return nil }
        if let overdue = timeliness.count("totalOverdue") { return overdue }
        guard let received = timeliness.count("totalReceived"), let onTime = timeliness.count("totalOnTime") else { return nil }
        return received - onTime
    }

    /// Whether the portal counts no dossier for the unit (`totalReceived` 0): the unit is not classified.
    public var hasNoDossiers: Bool { groups[.timeliness]?.count("totalReceived") == 0 }

    /// The portal's group that publishes an indicator.
    public static func group(of indicator: Indicator) -> NationalGroup? {
        switch indicator {
        case .publishOnTime, .publicUpdateOnTime, .publicContentFull, .dossierSync: return .transparency
        case .dossierOnTime: return .timeliness
        case .onlineServiceProvision, .onlineServiceUsage, .onlineDossier: return .onlineService
        case .feeProcedureIntegration, .procedureOnlinePayment, .dossierOnlinePayment: return .onlinePayment
        case .eResult, .digitizedDossier, .reusedDigitizedData, .sharedDigitizedData, .citizenDataDossier, .citizenDataProcedure,
            .eCertifiedCopy:
            return .digitization
        case .petitionOnTime, .petitionSatisfaction, .dossierSatisfaction: return .satisfaction
        }
    }
}
