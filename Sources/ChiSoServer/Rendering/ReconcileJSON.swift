public import ChiSoCore

// The reconciliation JSON (schema `chiso.reconcile/1`, documented in the README under "Đối chiếu với Cổng DVCQG"):
// the one builder behind both `/api/v1/reconciliation` and `chiso reconcile --format json`.
extension Reconciliation {
    /// The reconciliation document; `rendered()` gives the text, indented by two spaces. Keys are stable, figures
    /// absent on a side are `null` (never 0), differences are ChiSo's figure less the portal's.
    public func reconcileJSON() -> JSON {
        .object([
            ("schema", .string("chiso.reconcile/1")),
            ("period", .string(period.description)),
            ("period_name", .string(period.vietnameseName)),
            ("taken_at", .string(takenAt.iso8601)),
            ("origin", .string(origin.rawValue)),
            ("complete", .bool(isComplete)),
            ("provisional", .bool(isProvisional)),
            ("methodology", .object([("id", .string(methodology.id)), ("name", .string(methodology.name))])),
            ("national", standing.map(\.json) ?? .null),
            ("province", province.map(\.json) ?? .null),
            ("units", .array(units.map(\.json))),
            (
                "unmatched",
                .object([
                    (
                        "portal",
                        .array(
                            matching.unmatchedPortal.map {
                                .object([
                                    ("portal_id", .text($0.portal.portalID)), ("portal_code", .text($0.portal.portalCode)),
                                    ("name", .string($0.portal.name)), ("candidates", .array($0.candidates.map(\.json))),
                                ])
                            })
                    ),
                    (
                        "chiso",
                        .array(
                            matching.unmatchedUnits.map {
                                .object([
                                    ("code", .string($0.unit.code)), ("name", .string($0.unit.name)),
                                    ("candidates", .array($0.candidates.map(\.json))),
                                ])
                            })
                    ),
                ])
            ),
        ])
    }
}

extension NationalStanding {
    var json: JSON {
        func entry(_ e: Entry) -> JSON { .object([("name", .string(e.name)), ("total", .decimal(e.total)), ("rank", .int(e.rank))]) }
        return .object([
            ("province", entry(province)),
            ("province_count", .int(provinceCount)),
            ("previous_rank", previous.map { .int($0.rank) } ?? .null),
            ("previous_total", .decimal(previous?.total)),
            ("rank_change", rankChange.map { .int($0) } ?? .null),
            ("total_change", .decimal(pointChange)),
            ("top", .array(top.map(entry))),
        ])
    }
}

extension UnitMatching.Candidate {
    var json: JSON { .object([("key", .string(key)), ("name", .string(name)), ("similarity", .decimal(similarity, places: 3))]) }
}

extension Reconciliation.Figure {
    var json: JSON {
        .object([
            ("numerator", .decimal(numerator)), ("denominator", .decimal(denominator)), ("rate", .decimal(rate)), ("points", .decimal(points)),
            ("max", .decimal(maxPoints)),
        ])
    }
}

extension Reconciliation.UnitLine {
    var json: JSON {
        .object([
            ("presence", .string(presence.rawValue)),
            ("code", .text(unit?.code)),
            ("name", .string(name)),
            ("kind", .text(unit?.kind.rawValue)),
            (
                "portal_unit",
                portal.map {
                    .object([("id", .text($0.portalID)), ("code", .text($0.portalCode)), ("name", .string($0.name)), ("level", .text($0.level))])
                }
                    ?? .null
            ),
            ("matched_by", .text(matchedBy?.rawValue)),
            (
                "total",
                .object([("portal", .decimal(portalTotal)), ("chiso", .decimal(chisoTotal)), ("difference", .decimal(totalDifference))])
            ),
            ("classification", .object([("portal", .text(portalClassification)), ("chiso", .text(chisoClassification))])),
            ("rank", .object([("portal", portalRank.map { .int($0) } ?? .null), ("chiso", chisoRank.map { .int($0) } ?? .null)])),
            ("overdue", .object([("portal", .decimal(portalOverdue)), ("chiso", chisoOverdue.map { .int($0) } ?? .null)])),
            ("no_dossiers", .bool(figures?.hasNoDossiers ?? portal?.hasNoDossiers ?? false)),
            (
                "groups",
                .object(
                    groups.map { g in
                        (
                            g.group.rawValue,
                            .object([
                                ("name", .string(g.name)), ("max", .decimal(g.maxPoints)), ("portal", .decimal(g.portalPoints)),
                                ("chiso", .decimal(g.chisoPoints)), ("difference", .decimal(g.pointsDifference)),
                            ])
                        )
                    })
            ),
            (
                "indicators",
                .object(
                    indicators.map { i in
                        (
                            i.indicator.rawValue,
                            .object([
                                ("name", .string(i.name)), ("portal", i.portal?.json ?? .null), ("chiso", i.chiso?.json ?? .null),
                                (
                                    "difference",
                                    .object([
                                        ("numerator", .decimal(i.numeratorDifference)), ("denominator", .decimal(i.denominatorDifference)),
                                        ("rate", .decimal(i.rateDifference)), ("points", .decimal(i.pointsDifference)),
                                    ])
                                ),
                                ("differs", .bool(i.differs)),
                            ])
                        )
                    })
            ),
            (
                "explanations",
                .array(
                    explanations.map { e in
                        .object([
                            ("kind", .string(e.kind.rawValue)), ("description", .string(e.kind.vietnamese)),
                            ("indicators", .array(e.indicators.map { .string($0.rawValue) })), ("count_difference", .decimal(e.countDifference)),
                            ("dossiers", .array(e.dossierCodes.map { .string($0) })),
                        ])
                    })
            ),
        ])
    }
}
