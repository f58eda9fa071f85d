import ChiSoCore

/// The blob encodings of the stored values (format version 1).
///
/// Enumerations are written as explicit, stable codes (never `allCases` positions), so adding a case to
/// a Core enumeration never changes the meaning of stored blobs.
enum RecordCoding {
    static let version: UInt8 = 1

    // MARK: Dossier

    static func encode(_ d: Dossier) -> [UInt8] {
        var w = BinaryWriter(capacity: 128)
        w.byte(version)
        var flags = Flags()
        flags[0] = d.submittedAt != nil
        flags[1] = d.dueAt != nil
        flags[2] = d.processedAt != nil
        flags[3] = d.returnedAt != nil
        flags[4] = d.stoppedAt != nil
        flags[5] = d.hasDigitizedComponents
        flags[6] = d.vneidAuthenticated
        flags[7] = d.synced
        flags[8] = !d.supplements.isEmpty
        flags[9] = !d.pauses.isEmpty
        flags[10] = !d.fees.isEmpty
        flags[11] = !d.components.isEmpty
        flags[12] = !d.results.isEmpty
        flags[13] = !d.databasesConsulted.isEmpty
        w.unsigned(flags.raw)
        w.string(d.code)
        w.string(d.procedureCode)
        w.string(d.unitCode)
        w.byte(UInt8(d.channel.rawValue))
        w.byte(UInt8(d.applicant.rawValue))
        w.byte(stateCode(d.state))
        w.byte(UInt8(d.payment.rawValue))
        w.signed(d.receivedAt.secondsSinceEpoch)
        for instant in [d.submittedAt, d.dueAt, d.processedAt, d.returnedAt, d.stoppedAt] {
            if let instant { w.signed(instant.secondsSinceEpoch) }
        }
        if !d.supplements.isEmpty {
            w.count(d.supplements.count)
            for s in d.supplements {
                var f = Flags()
                f[0] = s.suppliedAt != nil
                f[1] = s.previousDueAt != nil
                f[2] = s.newDueAt != nil
                w.unsigned(f.raw)
                w.signed(s.requestedAt.secondsSinceEpoch)
                for instant in [s.suppliedAt, s.previousDueAt, s.newDueAt] {
                    if let instant { w.signed(instant.secondsSinceEpoch) }
                }
            }
        }
        if !d.pauses.isEmpty {
            w.count(d.pauses.count)
            for p in d.pauses {
                w.byte(p.endedAt != nil ? 1 : 0)
                w.signed(p.startedAt.secondsSinceEpoch)
                if let end = p.endedAt { w.signed(end.secondsSinceEpoch) }
            }
        }
        if !d.fees.isEmpty {
            w.count(d.fees.count)
            for f in d.fees {
                w.string(f.code)
                w.string(f.name)
                w.signed(f.amount)
            }
        }
        if !d.components.isEmpty {
            w.count(d.components.count)
            for c in d.components {
                w.string(c.code)
                w.byte((c.digitized ? 1 : 0) | (c.reused ? 2 : 0) | (c.fromDataStore ? 4 : 0))
            }
        }
        if !d.results.isEmpty {
            w.count(d.results.count)
            for r in d.results {
                w.string(r.name)
                w.byte((r.hasFile ? 1 : 0) | (r.syncedToDataStore ? 2 : 0))
            }
        }
        if !d.databasesConsulted.isEmpty {
            w.count(d.databasesConsulted.count)
            for name in d.databasesConsulted { w.string(name) }
        }
        return w.bytes
    }

    static func decodeDossier(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> Dossier {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        let flags = Flags(raw: try r.unsigned())
        let code = try r.string()
        let procedureCode = try r.string()
        let unitCode = try r.string()
        guard let channel = Dossier.Channel(rawValue: Int(try r.byte())),
            let applicant = Dossier.Applicant(rawValue: Int(try r.byte())),
            let state = state(try r.byte()),
            let payment = Dossier.Payment(rawValue: Int(try r.byte()))
        else { throw CodingFailure() }
        let received = Instant(secondsSinceEpoch: try r.signed())
        func optionalInstant(_ present: Bool, _ r: inout BinaryReader) throws(CodingFailure) -> Instant? {
            present ? Instant(secondsSinceEpoch: try r.signed()) : nil
        }
        var d = Dossier(
            code: code, procedureCode: procedureCode, unitCode: unitCode, channel: channel, applicant: applicant,
            submittedAt: try optionalInstant(flags[0], &r), receivedAt: received, dueAt: try optionalInstant(flags[1], &r),
            state: state, processedAt: try optionalInstant(flags[2], &r), returnedAt: try optionalInstant(flags[3], &r),
            stoppedAt: try optionalInstant(flags[4], &r), payment: payment, hasDigitizedComponents: flags[5],
            vneidAuthenticated: flags[6], synced: flags[7])
        if flags[8] {
            let n = try r.count()
            d.supplements.reserveCapacity(n)
            for _ in 0..<n {
                let f = Flags(raw: try r.unsigned())
                let requested = Instant(secondsSinceEpoch: try r.signed())
                d.supplements.append(
                    SupplementRequest(
                        requestedAt: requested, suppliedAt: try optionalInstant(f[0], &r), previousDueAt: try optionalInstant(f[1], &r),
                        newDueAt: try optionalInstant(f[2], &r)))
            }
        }
        if flags[9] {
            let n = try r.count()
            for _ in 0..<n {
                let hasEnd = try r.byte() == 1
                let start = Instant(secondsSinceEpoch: try r.signed())
                d.pauses.append(Pause(startedAt: start, endedAt: try optionalInstant(hasEnd, &r)))
            }
        }
        if flags[10] {
            let n = try r.count()
            d.fees.reserveCapacity(n)
            for _ in 0..<n {
                let code = try r.string()
                let name = try r.string()
                d.fees.append(Fee(code: code, name: name, amount: try r.signed()))
            }
        }
        if flags[11] {
            let n = try r.count()
            d.components.reserveCapacity(n)
            for _ in 0..<n {
                let code = try r.string()
                let b = try r.byte()
                d.components.append(Component(code: code, digitized: b & 1 != 0, reused: b & 2 != 0, fromDataStore: b & 4 != 0))
            }
        }
        if flags[12] {
            let n = try r.count()
            d.results.reserveCapacity(n)
            for _ in 0..<n {
                let name = try r.string()
                let b = try r.byte()
                d.results.append(ResultDocument(name: name, hasFile: b & 1 != 0, syncedToDataStore: b & 2 != 0))
            }
        }
        if flags[13] {
            let n = try r.count()
            d.databasesConsulted.reserveCapacity(n)
            for _ in 0..<n { d.databasesConsulted.append(try r.string()) }
        }
        guard r.isAtEnd else { throw CodingFailure() }
        return d
    }

    static func stateCode(_ state: Dossier.State) -> UInt8 {
        switch state {
        case .registered: return 1
        case .received: return 2
        case .processing: return 3
        case .waitingForSupplement: return 4
        case .paused: return 5
        case .processed: return 6
        case .returned: return 7
        case .refused: return 8
        case .stopped: return 9
        case .withdrawn: return 10
        }
    }

    static func state(_ code: UInt8) -> Dossier.State? {
        switch code {
        case 1: return .registered
        case 2: return .received
        case 3: return .processing
        case 4: return .waitingForSupplement
        case 5: return .paused
        case 6: return .processed
        case 7: return .returned
        case 8: return .refused
        case 9: return .stopped
        case 10: return .withdrawn
        default: return nil
        }
    }

    // MARK: Catalogue

    static func encode(_ u: Unit) -> [UInt8] {
        var w = BinaryWriter(capacity: 64)
        w.byte(version)
        var f = Flags()
        f[0] = u.parentCode != nil
        f[1] = u.validFrom != nil
        f[2] = u.validTo != nil
        f[3] = u.offersElectronicCertifiedCopy
        w.unsigned(f.raw)
        w.string(u.code)
        w.string(u.name)
        w.string(u.kind.rawValue)
        if let p = u.parentCode { w.string(p) }
        if let d = u.validFrom { w.signed(Int64(d.dayNumber)) }
        if let d = u.validTo { w.signed(Int64(d.dayNumber)) }
        return w.bytes
    }

    static func decodeUnit(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> Unit {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        let f = Flags(raw: try r.unsigned())
        let code = try r.string()
        let name = try r.string()
        guard let kind = Unit.Kind(rawValue: try r.string()) else { throw CodingFailure() }
        let parent = f[0] ? try r.string() : nil
        let from = f[1] ? LocalDate(dayNumber: Int(try r.signed())) : nil
        let to = f[2] ? LocalDate(dayNumber: Int(try r.signed())) : nil
        guard r.isAtEnd else { throw CodingFailure() }
        return Unit(code: code, name: name, kind: kind, parentCode: parent, validFrom: from, validTo: to, offersElectronicCertifiedCopy: f[3])
    }

    static func encode(_ p: Procedure) -> [UInt8] {
        var w = BinaryWriter(capacity: 128)
        w.byte(version)
        var f = Flags()
        f[0] = p.statutoryTime != nil
        f[1] = p.resultDocumentRequired
        f[2] = p.feeBearing
        f[3] = p.publication.decisionDate != nil
        f[4] = p.publication.effectiveDate != nil
        f[5] = p.publication.publicizedDate != nil
        f[6] = p.publication.contentComplete != nil
        f[7] = p.publication.contentComplete == true
        f[8] = p.publication.byMinistry
        w.unsigned(f.raw)
        w.string(p.code)
        w.string(p.name)
        w.string(p.fieldCode)
        w.string(p.fieldName)
        w.string(p.onlineLevel.rawValue)
        w.string(p.applicants.rawValue)
        if let t = p.statutoryTime {
            w.signed(Int64(t.value))
            w.string(t.unit.rawValue)
        }
        w.count(p.unitCodes.count)
        for c in p.unitCodes { w.string(c) }
        w.count(p.unitKinds.count)
        for k in p.unitKinds { w.string(k.rawValue) }
        for d in [p.publication.decisionDate, p.publication.effectiveDate, p.publication.publicizedDate] {
            if let d { w.signed(Int64(d.dayNumber)) }
        }
        return w.bytes
    }

    static func decodeProcedure(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> Procedure {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        let f = Flags(raw: try r.unsigned())
        let code = try r.string()
        let name = try r.string()
        let fieldCode = try r.string()
        let fieldName = try r.string()
        guard let online = Procedure.OnlineLevel(rawValue: try r.string()), let applicants = Procedure.Applicants(rawValue: try r.string())
        else { throw CodingFailure() }
        var statutory: StatutoryTime?
        if f[0] {
            let value = Int(try r.signed())
            guard let unit = StatutoryTime.Unit(rawValue: try r.string()) else { throw CodingFailure() }
            statutory = StatutoryTime(value, unit)
        }
        var unitCodes: [String] = []
        for _ in 0..<(try r.count()) { unitCodes.append(try r.string()) }
        var unitKinds: [Unit.Kind] = []
        for _ in 0..<(try r.count()) {
            guard let k = Unit.Kind(rawValue: try r.string()) else { throw CodingFailure() }
            unitKinds.append(k)
        }
        func date(_ present: Bool, _ r: inout BinaryReader) throws(CodingFailure) -> LocalDate? {
            present ? LocalDate(dayNumber: Int(try r.signed())) : nil
        }
        let publication = Publication(
            decisionDate: try date(f[3], &r), effectiveDate: try date(f[4], &r), publicizedDate: try date(f[5], &r),
            contentComplete: f[6] ? f[7] : nil, byMinistry: f[8])
        guard r.isAtEnd else { throw CodingFailure() }
        return Procedure(
            code: code, name: name, fieldCode: fieldCode, fieldName: fieldName, onlineLevel: online, resultDocumentRequired: f[1],
            feeBearing: f[2], statutoryTime: statutory, applicants: applicants, unitCodes: unitCodes, unitKinds: unitKinds,
            publication: publication)
    }

    // MARK: Petitions, ratings, targets

    static func encode(_ p: Petition) -> [UInt8] {
        var w = BinaryWriter(capacity: 64)
        w.byte(version)
        var f = Flags()
        f[0] = p.resolvedAt != nil
        f[1] = p.rating != nil
        f[2] = p.repeated
        f[3] = p.dossierCode != nil
        w.unsigned(f.raw)
        w.string(p.code)
        w.string(p.unitCode)
        w.signed(p.receivedAt.secondsSinceEpoch)
        if let t = p.resolvedAt { w.signed(t.secondsSinceEpoch) }
        if let v = p.rating { w.string(v.rawValue) }
        if let c = p.dossierCode { w.string(c) }
        return w.bytes
    }

    static func decodePetition(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> Petition {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        let f = Flags(raw: try r.unsigned())
        let code = try r.string()
        let unit = try r.string()
        let received = Instant(secondsSinceEpoch: try r.signed())
        let resolved = f[0] ? Instant(secondsSinceEpoch: try r.signed()) : nil
        var rating: Rating.Value?
        if f[1] {
            guard let v = Rating.Value(rawValue: try r.string()) else { throw CodingFailure() }
            rating = v
        }
        let dossier = f[3] ? try r.string() : nil
        guard r.isAtEnd else { throw CodingFailure() }
        return Petition(code: code, unitCode: unit, receivedAt: received, resolvedAt: resolved, rating: rating, repeated: f[2], dossierCode: dossier)
    }

    static func encode(_ rating: Rating) -> [UInt8] {
        var w = BinaryWriter(capacity: 48)
        w.byte(version)
        w.byte(rating.ratedAt != nil ? 1 : 0)
        w.string(rating.dossierCode)
        w.string(rating.value.rawValue)
        if let t = rating.ratedAt { w.signed(t.secondsSinceEpoch) }
        return w.bytes
    }

    static func decodeRating(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> Rating {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        let hasTime = try r.byte() == 1
        let code = try r.string()
        guard let value = Rating.Value(rawValue: try r.string()) else { throw CodingFailure() }
        let at = hasTime ? Instant(secondsSinceEpoch: try r.signed()) : nil
        guard r.isAtEnd else { throw CodingFailure() }
        return Rating(dossierCode: code, value: value, ratedAt: at)
    }

    /// The text of a target's scope: `all`, `kind:<kind>` or `unit:<code>`.
    static func scopeText(_ scope: Target.Scope) -> String {
        switch scope {
        case .all: return "all"
        case .kind(let k): return "kind:" + k.rawValue
        case .unit(let c): return "unit:" + c
        }
    }

    static func scope(_ text: String) -> Target.Scope? {
        if text == "all" { return .all }
        if text.hasPrefix("kind:") { return Unit.Kind(rawValue: String(text.dropFirst(5))).map { .kind($0) } }
        if text.hasPrefix("unit:") { return .unit(String(text.dropFirst(5))) }
        return nil
    }

    static func encode(_ t: Target) -> [UInt8] {
        var w = BinaryWriter(capacity: 64)
        w.byte(version)
        w.string(t.indicator.rawValue)
        w.string(scopeText(t.scope))
        w.string(t.period.description)
        w.unsigned(t.percent.bitPattern)
        w.string(t.source)
        return w.bytes
    }

    static func decodeTarget(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> Target {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        guard let indicator = Indicator(rawValue: try r.string()), let scope = scope(try r.string()), let period = Period(try r.string())
        else { throw CodingFailure() }
        let percent = Double(bitPattern: try r.unsigned())
        let source = try r.string()
        guard r.isAtEnd else { throw CodingFailure() }
        return Target(indicator: indicator, scope: scope, period: period, percent: percent, source: source)
    }

    // MARK: Steps

    static func encode(_ s: ProcessingStep) -> [UInt8] {
        var w = BinaryWriter(capacity: 96)
        w.byte(version)
        let texts = [s.handler, s.title, s.department, s.content, s.status]
        var f = Flags()
        for (i, t) in texts.enumerated() { f[i] = t != nil }
        f[5] = s.startedAt != nil
        f[6] = s.dueAt != nil
        w.unsigned(f.raw)
        w.string(s.dossierCode)
        w.signed(s.processedAt.secondsSinceEpoch)
        for t in texts { if let t { w.string(t) } }
        if let t = s.startedAt { w.signed(t.secondsSinceEpoch) }
        if let t = s.dueAt { w.signed(t.secondsSinceEpoch) }
        return w.bytes
    }

    static func decodeStep(_ bytes: UnsafeRawBufferPointer) throws(CodingFailure) -> ProcessingStep {
        var r = BinaryReader(bytes)
        guard try r.byte() == version else { throw CodingFailure() }
        let f = Flags(raw: try r.unsigned())
        let code = try r.string()
        let at = Instant(secondsSinceEpoch: try r.signed())
        var texts: [String?] = []
        for i in 0..<5 { texts.append(f[i] ? try r.string() : nil) }
        let started = f[5] ? Instant(secondsSinceEpoch: try r.signed()) : nil
        let due = f[6] ? Instant(secondsSinceEpoch: try r.signed()) : nil
        guard r.isAtEnd else { throw CodingFailure() }
        return ProcessingStep(
            dossierCode: code, processedAt: at, handler: texts[0], title: texts[1], department: texts[2], content: texts[3], status: texts[4],
            startedAt: started, dueAt: due)
    }
}
