import ChiSoCore
import Foundation

/// What facts are judged with, on either store: the recorded basis, the procedures' statutory times and the units'
/// provinces (``ChiSoCore/UnitProvince``), read from the stored catalogue.
struct FactsContext: Sendable, Equatable {
    let basisText: String
    let basis: JudgingBasis
    let statutoryTimes: [String: StatutoryTime]
    let provinces: [String: String]

    /// - Throws: ``StoreError/corruptRecord(table:)`` when the recorded basis is not one ``ChiSoCore/JudgingBasis`` wrote.
    init(basisText: String, catalogue: StoredCatalogue) throws(StoreError) {
        guard let basis = JudgingBasis(encoded: basisText) else { throw StoreError.corruptRecord(table: "facts_basis") }
        self.basisText = basisText
        self.basis = basis
        var times: [String: StatutoryTime] = [:]
        for p in catalogue.procedures { times[p.code] = p.statutoryTime }
        statutoryTimes = times
        provinces = UnitProvince.provinces(of: catalogue.units)
    }

    /// The province of a unit; empty for a unit not in the catalogue.
    func province(ofUnit code: String) -> String { provinces[code] ?? "" }

    /// A dossier's facts; nil for a dossier that was not received (D1), which counts nowhere. `provinceCode` is the
    /// province the store placed the dossier in (its unit's, by default).
    func facts(_ dossier: Dossier, provinceCode: String? = nil) -> DossierFacts? {
        guard dossier.state.isReceived else { return nil }
        return DossierFacts(
            dossier, provinceCode: provinceCode ?? province(ofUnit: dossier.unitCode), statutoryTime: statutoryTimes[dossier.procedureCode],
            calendar: basis.calendar, settings: basis.settings)
    }

    /// A petition's facts, placed in `provinceCode` (its unit's province by default).
    func facts(_ petition: Petition, provinceCode: String? = nil) -> PetitionFacts {
        PetitionFacts(petition, provinceCode: provinceCode ?? province(ofUnit: petition.unitCode), calendar: basis.calendar)
    }

    /// Judges dossiers on several threads; the facts come back in order. `provinces`, when given, places each dossier.
    func judge(_ dossiers: [Dossier], provinces: [String]? = nil) -> [DossierFacts?] {
        FactsContext.inParallel(dossiers.count) { facts(dossiers[$0], provinceCode: provinces?[$0]) }
    }

    /// Decodes and judges dossier blobs on several threads; the facts come back in order.
    ///
    /// - Throws: ``StoreError/corruptRecord(table:)`` when a blob is not a dossier.
    func judge<Blob: ContiguousBytes & Sendable>(_ blobs: [Blob], provinces: [String]? = nil) throws(StoreError) -> [DossierFacts?] {
        let results = FactsContext.inParallel(blobs.count) { i -> Result<DossierFacts?, StoreError> in
            do {
                let dossier = try blobs[i].withUnsafeBytes { raw in try RecordCoding.decodeDossier(raw) }
                return .success(facts(dossier, provinceCode: provinces?[i]))
            } catch {
                return .failure(.corruptRecord(table: "dossiers"))
            }
        }
        return try results.map { r throws(StoreError) in try r.get() }
    }

    /// `body(0..<count)` computed on up to as many threads as processors (each takes every n-th index), in order.
    static func inParallel<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { results.deallocate() }
        let slots = ParallelSlots(base: results.baseAddress!)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 256))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count {
                (slots.base + i).initialize(to: body(i))
                i += workers
            }
        }
        return (0..<count).map { (slots.base + $0).move() }
    }
}

/// The elements a parallel loop initialises, each worker its own only.
private struct ParallelSlots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

extension DossierFacts {
    /// The flags, in the order of their columns in ``FactsSQL/insertDossierFacts`` (from `online`).
    var flagColumns: [Bool] {
        [
            online, synced, hasElectronicResult, digitized, reusesDigitizedData, sharesDigitizedData, usesCitizenData, hasFeeData, paidOnline,
            allFeesZero, violations.contains(.pausedOnDueDate), violations.contains(.lateSupplementRequest),
        ]
    }
}

extension Verdict.Outcome {
    /// Whether a verdict segment with this outcome is written overdue (`dossier_verdicts.overdue`).
    var isOverdueColumn: Bool { self == .overdue || self == .openOverdue }
}

extension FactsSQL {
    /// A flag as the facts tables store it: 1 or 0.
    static func flag(_ value: Bool) -> Int64 { value ? 1 : 0 }
}
