public import ChiSoCore

/// Generates a realistic demo province: units, procedures, dossiers, petitions, ratings and targets.
///
/// The generator is pure: no clock, no files, no global randomness. The same options and calendar give the same
/// data, byte for byte once written. Magnitudes follow the seeds: about 0.3% of dossiers overdue, concentrated in a
/// few units; online, payment, digitisation and reuse rates spread widely between units.
///
/// ```swift
/// let data = DemoProvince.generate(DemoOptions(months: 3, seed: 766, scale: .province, today: today), calendar: calendar)
/// ```
public enum DemoProvince {
    /// The day districts ceased and communes merged (Nghị quyết 202/2025/QH15).
    public static let mergerDate = LocalDate(year: 2025, month: 7, day: 1)!

    /// Generates the data for `options`, with deadlines on the working days of `calendar`.
    public static func generate(_ options: DemoOptions, calendar: WorkCalendar) -> DemoData {
        var builder = Builder(options: options, calendar: calendar)
        return builder.run()
    }
}

/// Sizes of each scale.
struct ScaleSpec {
    var departments: Int
    var districts: Int
    var communesPerDistrict: ClosedRange<Int>
    var mergedCommunes: Int
    var monthlyDossiers: Int

    init(_ scale: DemoScale) {
        switch scale {
        case .small: self = ScaleSpec(departments: 4, districts: 2, communesPerDistrict: 3...4, mergedCommunes: 6, monthlyDossiers: 3_000)
        case .province:
            self = ScaleSpec(departments: 18, districts: 10, communesPerDistrict: 9...13, mergedCommunes: 90, monthlyDossiers: 65_000)
        case .large:
            self = ScaleSpec(departments: 18, districts: 12, communesPerDistrict: 13...17, mergedCommunes: 170, monthlyDossiers: 250_000)
        }
    }

    init(departments: Int, districts: Int, communesPerDistrict: ClosedRange<Int>, mergedCommunes: Int, monthlyDossiers: Int) {
        self.departments = departments
        self.districts = districts
        self.communesPerDistrict = communesPerDistrict
        self.mergedCommunes = mergedCommunes
        self.monthlyDossiers = monthlyDossiers
    }
}

/// How a unit behaves: its volume and its rates.
struct UnitProfile {
    var weight: Double
    var online: Double
    var payment: Double
    var digitize: Double
    var eResult: Double
    var reuse: Double
    var vneid: Double
    var dataStore: Double
    var sync: Double
    var overdue: Double = 0
    /// The unit's procedures and their cumulative weights.
    var procedures: [Int] = []
    var cumulative: [Double] = []
    /// Share of the province's monthly dossiers.
    var share: Double = 0
}

/// FNV-1a hash of a string, for per-record random streams.
func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01B3
    }
    return h
}

/// Zero-padded decimal.
func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

private struct Builder {
    let options: DemoOptions
    let calendar: WorkCalendar
    let spec: ScaleSpec
    let asOf: Instant
    let start: LocalDate
    let hasPreMerger: Bool
    let hasPostMerger: Bool

    var units: [Unit] = []
    var profiles: [UnitProfile] = []
    var templates: [ProcedureTemplate] = []
    var procedures: [Procedure] = []
    var dossiers: [Dossier] = []
    var petitions: [Petition] = []
    var ratings: [Rating] = []
    var petitionSequence = 0

    init(options: DemoOptions, calendar: WorkCalendar) {
        self.options = options
        self.calendar = calendar
        self.spec = ScaleSpec(options.scale)
        self.asOf = options.asOf
        self.start = options.start
        self.hasPreMerger = options.start < DemoProvince.mergerDate
        self.hasPostMerger = options.today >= DemoProvince.mergerDate
    }

    mutating func run() -> DemoData {
        buildUnits()
        buildProcedures()
        chooseOverdueUnits()
        for month in 0..<options.months { generateMonth(month) }
        dossiers.sort { ($0.receivedAt, $0.code) < ($1.receivedAt, $1.code) }
        return DemoData(
            options: options, provinceName: DemoCatalogue.provinceName, units: units, procedures: procedures, dossiers: dossiers,
            petitions: petitions, ratings: ratings, targets: buildTargets())
    }

    // MARK: Units

    private mutating func addUnit(_ unit: Unit, _ profile: UnitProfile) {
        units.append(unit)
        profiles.append(profile)
    }

    private func profile(for code: String, kind: Unit.Kind) -> UnitProfile {
        var rng = SeededGenerator(seed: options.seed, stream: stableHash("profile " + code))
        let weak = rng.chance(0.15)
        return UnitProfile(
            weight: kind == .commune ? rng.double(0.4, 1.6) : rng.double(0.6, 1.4),
            online: weak ? rng.double(0.4, 0.6) : rng.double(0.6, 1.0),
            payment: rng.chance(0.2) ? rng.double(0.2, 0.45) : rng.double(0.45, 1.0),
            digitize: weak ? rng.double(0.5, 0.7) : rng.double(0.7, 1.0),
            eResult: rng.double(0.5, 1.0),
            reuse: rng.chance(0.3) ? rng.double(0.0, 0.1) : rng.double(0.2, 0.9),
            vneid: rng.double(0.3, 0.95),
            dataStore: rng.double(0.05, 0.4),
            sync: rng.chance(0.8) ? 1.0 : rng.double(0.95, 1.0))
    }

    private mutating func buildUnits() {
        let p = DemoCatalogue.provinceCode
        let rootCode = "000.00.00.\(p)"
        addUnit(
            Unit(code: rootCode, name: "UBND \(DemoCatalogue.provinceName)", kind: .province),
            UnitProfile(weight: 0, online: 0, payment: 0, digitize: 0, eResult: 0, reuse: 0, vneid: 0, dataStore: 0, sync: 1))

        var nameRng = SeededGenerator(seed: options.seed, stream: 1)
        var placeNames: [String] = []
        for head in DemoCatalogue.nameHeads {
            for tail in DemoCatalogue.nameTails where head != tail { placeNames.append(head + " " + tail) }
        }
        placeNames.shuffle(using: &nameRng)
        var nextName = 0
        func takeName() -> String {
            defer { nextName += 1 }
            return placeNames[nextName % placeNames.count]
        }

        for department in DemoCatalogue.departments.prefix(spec.departments) {
            let code = "000.00.\(pad(department.number, 2)).\(p)"
            var profile = profile(for: code, kind: .department)
            profile.weight *= department.procedures.reduce(0) { $0 + $1.weight }
            addUnit(Unit(code: code, name: department.name, kind: .department, parentCode: rootCode), profile)
        }
        let lastDay = DemoProvince.mergerDate.adding(days: -1)
        var structureRng = SeededGenerator(seed: options.seed, stream: 2)
        if hasPreMerger {
            for d in 0..<spec.districts {
                let number = 31 + d
                let code = "000.00.\(number).\(p)"
                let place = takeName()
                let (districtWord, communeWords): (String, [String]) =
                    d == 0
                    ? ("thành phố", ["phường", "phường", "xã"])
                    : d <= 2 ? ("thị xã", ["phường", "xã", "xã"]) : ("huyện", ["xã", "xã", "xã", "thị trấn"])
                addUnit(
                    Unit(code: code, name: "UBND \(districtWord) \(place)", kind: .district, parentCode: rootCode, validTo: lastDay),
                    profile(for: code, kind: .district))
                let count = structureRng.int(spec.communesPerDistrict)
                for c in 0..<count {
                    let communeCode = "\(p).\(number).\(pad(c + 1, 2))"
                    let word = c == 0 && communeWords.last == "thị trấn" ? "thị trấn" : communeWords[c % min(3, communeWords.count)]
                    addUnit(
                        Unit(
                            code: communeCode, name: "UBND \(word) \(takeName())", kind: .commune, parentCode: code, validTo: lastDay,
                            offersElectronicCertifiedCopy: structureRng.chance(0.85)),
                        profile(for: communeCode, kind: .commune))
                }
            }
        }
        if hasPostMerger {
            for k in 0..<spec.mergedCommunes {
                let code = "\(p).\(80 + k / 50).\(pad(k % 50 + 1, 2))"
                let word = k % 6 == 0 ? "phường" : "xã"
                addUnit(
                    Unit(
                        code: code, name: "UBND \(word) \(takeName())", kind: .commune, parentCode: rootCode,
                        validFrom: DemoProvince.mergerDate, offersElectronicCertifiedCopy: structureRng.chance(0.9)),
                    profile(for: code, kind: .commune))
            }
        }
    }

    // MARK: Procedures

    private mutating func buildProcedures() {
        var departmentProcedures: [[Int]] = []
        for department in DemoCatalogue.departments.prefix(spec.departments) {
            let code = "000.00.\(pad(department.number, 2)).\(DemoCatalogue.provinceCode)"
            var indices: [Int] = []
            for t in department.procedures {
                indices.append(addProcedure(t, unitCodes: [code], unitKinds: []))
            }
            departmentProcedures.append(indices)
        }
        let districtIndices = hasPreMerger ? DemoCatalogue.districtProcedures.map { addProcedure($0, unitCodes: [], unitKinds: [.district]) } : []
        let communeIndices = DemoCatalogue.communeProcedures.map { addProcedure($0, unitCodes: [], unitKinds: [.commune]) }
        let mergedCodes = units.filter { $0.kind == .commune && $0.validFrom != nil }.map(\.code)
        let mergedIndices = hasPostMerger ? DemoCatalogue.mergedCommuneProcedures.map { addProcedure($0, unitCodes: mergedCodes, unitKinds: []) } : []

        var departmentNumber = 0
        for i in units.indices {
            let unit = units[i]
            let list: [Int]
            switch unit.kind {
            case .department:
                list = departmentProcedures[departmentNumber]
                departmentNumber += 1
            case .district: list = districtIndices
            case .commune: list = unit.validFrom == nil ? communeIndices : communeIndices + mergedIndices
            default: list = []
            }
            var total = 0.0
            profiles[i].procedures = list
            profiles[i].cumulative = list.map {
                total += templates[$0].weight; return total
            }
        }
        // Shares of the monthly volume, by era: departments 35%; districts 25% and communes 40% before the
        // merger; communes 65% after.
        func assign(_ kind: Unit.Kind, merged: Bool?, share: Double) {
            let members = units.indices.filter { units[$0].kind == kind && (merged == nil || (units[$0].validFrom != nil) == merged!) }
            let total = members.reduce(0.0) { $0 + profiles[$1].weight }
            for i in members { profiles[i].share = share * profiles[i].weight / max(total, 1e-9) }
        }
        assign(.department, merged: nil, share: 0.35)
        assign(.district, merged: nil, share: 0.25)
        assign(.commune, merged: false, share: 0.40)
        assign(.commune, merged: true, share: 0.65)
    }

    private mutating func addProcedure(_ t: ProcedureTemplate, unitCodes: [String], unitKinds: [Unit.Kind]) -> Int {
        var rng = SeededGenerator(seed: options.seed, stream: stableHash("procedure " + t.code))
        let effective: LocalDate
        if rng.chance(0.3) {
            let span = max(1, options.today.dayNumber - start.dayNumber)
            effective = start.adding(days: rng.int(0...span))
        } else {
            effective = start.adding(days: -rng.int(200...1500))
        }
        let lead = rng.chance(0.08) ? rng.int(1...4) : rng.int(6...25)
        var decision = effective
        var counted = 0
        while counted < lead {
            decision = decision.adding(days: -1)
            if calendar.isWorkingDay(decision) { counted += 1 }
        }
        let publicized = calendar.addingWorkingDays(rng.chance(0.08) ? rng.int(6...12) : rng.int(1...5), to: decision)
        let procedure = Procedure(
            code: t.code, name: t.name, fieldCode: t.fieldCode, fieldName: t.fieldName, onlineLevel: t.online,
            resultDocumentRequired: t.resultRequired, feeBearing: t.fee > 0, statutoryTime: StatutoryTime(t.days, .workingDays),
            applicants: t.applicants, unitCodes: unitCodes, unitKinds: unitKinds,
            publication: Publication(
                decisionDate: decision, effectiveDate: effective, publicizedDate: publicized <= options.today ? publicized : nil,
                contentComplete: rng.chance(0.96), byMinistry: false))
        templates.append(t)
        procedures.append(procedure)
        return procedures.count - 1
    }

    // MARK: Overdue concentration

    private mutating func chooseOverdueUnits() {
        var rng = SeededGenerator(seed: options.seed, stream: 3)
        let expected = profiles.map { $0.share * Double(spec.monthlyDossiers) }
        var eligible = units.indices.filter { expected[$0] >= 40 }
        eligible.shuffle(using: &rng)
        let problems = max(2, Int((Double(eligible.count) * 0.12).rounded()))
        for (rank, i) in eligible.enumerated() {
            if rank < problems {
                let perMonth = Double(rng.int(3...22))
                profiles[i].overdue = min(0.25, perMonth / expected[i])
            } else if rng.chance(0.1) {
                profiles[i].overdue = 1 / expected[i]
            }
        }
    }

    // MARK: Dossiers

    private func office(_ day: LocalDate, _ rng: inout SeededGenerator) -> Instant {
        Instant(local: day, hour: 7, minute: 30).adding(seconds: Int64(rng.int(0...33_300)))
    }

    private func workingDay(onOrBefore date: LocalDate) -> LocalDate {
        var day = date
        while !calendar.isWorkingDay(day) { day = day.adding(days: -1) }
        return day
    }

    private mutating func generateMonth(_ month: Int) {
        let monthStart = start.firstOfMonth(addingMonths: month)
        let monthLast = monthStart.firstOfMonth(addingMonths: 1).adding(days: -1)
        let monthEnd = min(monthLast, options.today)
        var fullDays = 0
        var days: [LocalDate] = []
        var day = monthStart
        while day <= monthLast {
            if calendar.isWorkingDay(day) {
                fullDays += 1
                if day <= monthEnd { days.append(day) }
            }
            day = day.adding(days: 1)
        }
        guard !days.isEmpty else { return }
        let fraction = Double(days.count) / Double(max(fullDays, 1))
        let dayLabels = days.map { d -> String in
            let (y, m, dd) = d.components
            return pad(y % 100, 2) + pad(m, 2) + pad(dd, 2)
        }
        let period = Period.month(monthStart.year, monthStart.month)
        for i in units.indices where !profiles[i].procedures.isEmpty && units[i].isValid(during: period) {
            generate(unit: i, monthStart: monthStart, days: days, dayLabels: dayLabels, fraction: fraction)
        }
    }

    private mutating func generate(unit index: Int, monthStart: LocalDate, days: [LocalDate], dayLabels: [String], fraction: Double) {
        let unit = units[index]
        let profile = profiles[index]
        var rng = SeededGenerator(seed: options.seed, stream: stableHash(unit.code) ^ UInt64(monthStart.dayNumber))
        let expected = Double(spec.monthlyDossiers) * profile.share * fraction * rng.double(0.9, 1.1)
        let count = Int(expected) + (rng.chance(expected - expected.rounded(.down)) ? 1 : 0)
        guard count > 0 else { return }
        var slots: [(day: Int, second: Int)] = (0..<count).map { _ in (rng.int(0...(days.count - 1)), rng.int(0...33_300)) }
        slots.sort { ($0.day, $0.second) < ($1.day, $1.second) }
        let first = dossiers.count
        var sequence = 0
        var lastDay = -1
        for slot in slots {
            if slot.day != lastDay {
                sequence = 0
                lastDay = slot.day
            }
            sequence += 1
            let received = Instant(local: days[slot.day], hour: 7, minute: 30).adding(seconds: Int64(slot.second))
            if received > asOf { continue }
            let code = "\(unit.code)-\(dayLabels[slot.day])-\(pad(sequence, 4))"
            let procedureIndex = profile.procedures[rng.pick(cumulative: profile.cumulative)]
            dossiers.append(makeDossier(code: code, unit: unit.code, procedure: procedureIndex, profile: profile, received: received, rng: &rng))
        }
        // Petitions about the unit, about one for 1,200 dossiers.
        let expectedPetitions = Double(count) / 1_200
        let petitionCount = Int(expectedPetitions) + (rng.chance(expectedPetitions - expectedPetitions.rounded(.down)) ? 1 : 0)
        for _ in 0..<petitionCount {
            let received = office(days[rng.int(0...(days.count - 1))], &rng)
            guard received <= asOf else { continue }
            var resolved: Instant?
            let r = rng.unit()
            if r < 0.92 {
                resolved = office(calendar.addingWorkingDays(rng.int(2...14), to: received.localDate), &rng)
            } else if r < 0.97 {
                resolved = office(calendar.addingWorkingDays(rng.int(16...25), to: received.localDate), &rng)
            }
            if let at = resolved, at > asOf { resolved = nil }
            var rating: Rating.Value?
            if resolved != nil, rng.chance(0.75) {
                let v = rng.unit()
                rating = v < 0.5 ? .verySatisfied : v < 0.82 ? .satisfied : v < 0.92 ? .normal : .unsatisfied
            }
            let repeated = rng.chance(0.04)
            var dossierCode: String?
            if dossiers.count > first, rng.chance(0.4) { dossierCode = dossiers[rng.int(first...(dossiers.count - 1))].code }
            petitionSequence += 1
            petitions.append(
                Petition(
                    code: "PAKN.\(DemoCatalogue.provinceCode).\(received.localDate.year).\(pad(petitionSequence, 6))", unitCode: unit.code,
                    receivedAt: received, resolvedAt: resolved, rating: rating, repeated: repeated, dossierCode: dossierCode))
        }
    }

    private mutating func makeDossier(
        code: String, unit: String, procedure index: Int, profile: UnitProfile, received: Instant, rng: inout SeededGenerator
    ) -> Dossier {
        let t = templates[index]
        let days = t.days
        let receivedDate = received.localDate
        var channel = Dossier.Channel.inPerson
        if t.online != .none && rng.chance(profile.online) {
            channel = .online
        } else if rng.chance(0.02) {
            channel = .postal
        }
        let applicant: Dossier.Applicant =
            t.applicants == .businesses ? .business : t.applicants == .citizens ? .citizen : (rng.chance(0.3) ? .business : .citizen)
        let submitted = channel == .online ? received.adding(seconds: -Int64(rng.int(300...72_000))) : received
        let due = calendar.addingWorkingDays(days, to: received)

        var state = Dossier.State.processing
        var processedAt: Instant?
        var returnedAt: Instant?
        var stoppedAt: Instant?
        var supplements: [SupplementRequest] = []
        var pauses: [Pause] = []

        let r = rng.unit()
        if r < 0.008 {
            // Refused at reception, withdrawn by the applicant, or stopped.
            let at: Instant
            if r < 0.003 {
                state = .refused
                at = min(received.adding(seconds: Int64(rng.int(600...14_400))), due)
            } else {
                state = r < 0.007 ? .withdrawn : .stopped
                at = min(office(calendar.addingWorkingDays(rng.int(0...min(days, 3)), to: receivedDate), &rng), due)
            }
            let stop = at > received ? at : received.adding(seconds: Int64(rng.int(600...3_600)))
            if stop <= asOf {
                stoppedAt = stop
            } else {
                state = .processing
            }
        } else {
            let overdue = rng.chance(profile.overdue)
            let repeated = overdue && days >= 3 && rng.chance(0.2)
            var end: Instant
            if repeated {
                // Two supplement requests: overdue whatever the dates (DOMAIN §4 rule 5).
                let r1 = office(calendar.addingWorkingDays(1, to: receivedDate), &rng)
                let s1 = office(calendar.addingWorkingDays(rng.int(1...3), to: r1.localDate), &rng)
                let r2 = office(calendar.addingWorkingDays(1, to: s1.localDate), &rng)
                let s2 = office(calendar.addingWorkingDays(rng.int(1...3), to: r2.localDate), &rng)
                end = office(calendar.addingWorkingDays(rng.int(1...3), to: s2.localDate), &rng)
                for (requested, supplied) in [(r1, s1), (r2, s2)] where requested <= asOf {
                    supplements.append(
                        SupplementRequest(requestedAt: requested, suppliedAt: supplied <= asOf ? supplied : nil, previousDueAt: due))
                }
            } else if overdue {
                end = office(calendar.addingWorkingDays(days + rng.int(1...6), to: receivedDate), &rng)
            } else {
                end = onTimeEnd(received: received, due: due, days: days, rng: &rng)
                if days >= 3 && rng.chance(0.04) {
                    // One supplement request, in time; some later than the 3 working days after reception.
                    let late = days >= 6 && rng.chance(0.15)
                    let requested = office(calendar.addingWorkingDays(late ? 4 : rng.int(1...2), to: receivedDate), &rng)
                    if requested < due && requested <= asOf {
                        let supplied = office(calendar.addingWorkingDays(rng.int(1...5), to: requested.localDate), &rng)
                        let span = calendar.workingDays(after: requested.localDate, through: supplied.localDate)
                        let newDue = calendar.addingWorkingDays(span, to: due)
                        let base = requested.adding(
                            seconds: Int64(Double(due.secondsSinceEpoch - requested.secondsSinceEpoch) * rng.double(0.1, 1.0)))
                        let shifted = base.adding(seconds: supplied.secondsSinceEpoch - requested.secondsSinceEpoch)
                        let shiftedDay = workingDay(onOrBefore: shifted.localDate)
                        end = shiftedDay == shifted.localDate ? shifted : Instant(local: shiftedDay, hour: 16, minute: 30)
                        if end <= supplied { end = supplied.adding(seconds: 3_600) }
                        supplements.append(
                            SupplementRequest(
                                requestedAt: requested, suppliedAt: supplied <= asOf ? supplied : nil, previousDueAt: due,
                                newDueAt: newDue))
                        if supplied > asOf {
                            end = asOf.adding(seconds: 1)
                        } else if end > asOf && due <= asOf {
                            // Still open after its deadline would make it overdue: finish it soon after the supplement.
                            end = min(supplied.adding(seconds: Int64(rng.int(1_800...14_400))), asOf)
                        }
                    }
                }
            }
            if days >= 5 && supplements.isEmpty && rng.chance(0.003) {
                let pauseStart = office(calendar.addingWorkingDays(1, to: receivedDate), &rng)
                let pauseEnd = office(calendar.addingWorkingDays(2, to: receivedDate), &rng)
                if pauseEnd < end && pauseEnd <= asOf { pauses.append(Pause(startedAt: pauseStart, endedAt: pauseEnd)) }
            }
            if let last = supplements.last, last.suppliedAt == nil {
                state = .waitingForSupplement
            } else if end <= asOf {
                processedAt = end
                state = .processed
                if rng.chance(0.9) {
                    let back =
                        rng.chance(0.6)
                        ? end.adding(seconds: Int64(rng.int(300...10_800)))
                        : office(calendar.addingWorkingDays(rng.int(1...3), to: end.localDate), &rng)
                    if back <= asOf {
                        returnedAt = back
                        state = .returned
                    }
                }
            } else {
                state = calendar.workingDays(after: receivedDate, through: options.today) <= 1 ? .received : .processing
            }
        }

        let finished = state == .processed || state == .returned
        var fees: [Fee] = []
        var payment = Dossier.Payment.notOnline
        if t.fee > 0 && state != .refused {
            let amount: Int64 = rng.chance(0.05) ? 0 : t.fee
            fees.append(Fee(code: "LP.\(t.code)", name: t.feeName, amount: amount))
            if amount > 0 && rng.chance(channel == .online ? profile.payment : profile.payment * 0.15) {
                payment = rng.chance(0.7) ? .nationalPortal : .provincialGateway
            }
        }
        let digitized = rng.chance(profile.digitize)
        let citizen = applicant == .citizen
        let componentCount = 1 + Int(rng.next() % 3)
        var components: [Component] = []
        components.reserveCapacity(componentCount)
        for c in 0..<componentCount {
            let isDigitized = digitized && (c == 0 || rng.chance(0.8))
            components.append(
                Component(
                    code: "\(t.code).TP\(c + 1)", digitized: isDigitized, reused: isDigitized && rng.chance(profile.reuse),
                    fromDataStore: channel == .online && citizen && rng.chance(profile.dataStore)))
        }
        var results: [ResultDocument] = []
        if finished && t.resultRequired {
            let hasFile = rng.chance(profile.eResult)
            results.append(ResultDocument(name: "Kết quả: \(t.name)", hasFile: hasFile, syncedToDataStore: hasFile && rng.chance(0.35)))
        }
        let vneid = channel == .online && citizen && rng.chance(profile.vneid)
        let databases = citizen && rng.chance(profile.vneid * 0.5) ? ["CSDLQGDC"] : []
        let synced = rng.chance(profile.sync)

        if let returnedAt, rng.chance(0.2) {
            let ratedAt = returnedAt.adding(seconds: Int64(rng.int(600...172_800)))
            if ratedAt <= asOf {
                let late = processedAt.map { $0 > due } ?? false || supplements.count > 1
                let v = rng.unit()
                let value: Rating.Value =
                    late && v < 0.4 ? .unsatisfied : v < 0.6 ? .verySatisfied : v < 0.9 ? .satisfied : v < 0.985 ? .normal : .unsatisfied
                ratings.append(Rating(dossierCode: code, value: value, ratedAt: ratedAt))
            }
        }

        return Dossier(
            code: code, procedureCode: t.code, unitCode: unit, channel: channel, applicant: applicant, submittedAt: submitted,
            receivedAt: received, dueAt: due, state: state, processedAt: processedAt, returnedAt: returnedAt, stoppedAt: stoppedAt,
            supplements: supplements, pauses: pauses, fees: fees, payment: payment, components: components, results: results,
            hasDigitizedComponents: digitized, vneidAuthenticated: vneid, databasesConsulted: databases, synced: synced)
    }

    /// An end of processing on or before the deadline, early more often than not.
    private func onTimeEnd(received: Instant, due: Instant, days: Int, rng: inout SeededGenerator) -> Instant {
        let u = rng.unit()
        let k = min(days, Int(Double(days + 1) * u * u))
        var end = office(calendar.addingWorkingDays(k, to: received.localDate), &rng)
        if end <= received { end = received.adding(seconds: Int64(rng.int(600...7_200))) }
        if end > due { end = due.adding(seconds: -Int64(rng.int(60...3_600))) }
        return end
    }

    // MARK: Targets

    private func buildTargets() -> [Target] {
        var targets: [Target] = []
        let source = "127/QĐ-UBND"
        for year in start.year...options.today.year {
            let period = Period.year(year)
            let districts = year <= 2025 && hasPreMerger
            func add(_ indicator: Indicator, _ department: Double, _ district: Double, _ commune: Double) {
                targets.append(Target(indicator: indicator, scope: .kind(.department), period: period, percent: department, source: source))
                if districts {
                    targets.append(Target(indicator: indicator, scope: .kind(.district), period: period, percent: district, source: source))
                }
                targets.append(Target(indicator: indicator, scope: .kind(.commune), period: period, percent: commune, source: source))
            }
            func addAll(_ indicator: Indicator, _ percent: Double) {
                targets.append(Target(indicator: indicator, scope: .all, period: period, percent: percent, source: source))
            }
            add(.dossierOnlinePayment, 70, 60, 50)
            add(.onlineDossier, 80, 70, 60)
            addAll(.procedureOnlinePayment, 80)
            addAll(.digitizedDossier, 80)
            addAll(.eResult, 90)
            addAll(.reusedDigitizedData, 50)
            addAll(.dossierOnTime, 98)
        }
        return targets
    }
}
