import ChiSoCore
import ChiSoDemo
import Foundation
import Testing

@Suite struct DemoProvinceTests {
    @Test func sameSeedAndDateGiveIdenticalDataAndBytes() {
        let options = DemoOptions(months: 3, seed: 42, scale: .small, today: date(2025, 8, 14))
        let a = DemoProvince.generate(options, calendar: testCalendar)
        let b = DemoProvince.generate(options, calendar: testCalendar)
        #expect(a == b)
        #expect(allFiles(a) == allFiles(b))
        let other = DemoProvince.generate(
            DemoOptions(months: 3, seed: 43, scale: .small, today: date(2025, 8, 14)), calendar: testCalendar)
        #expect(other.dossiers != a.dossiers)
        #expect(allFiles(other) != allFiles(a))
    }

    private func allFiles(_ data: DemoData) -> [String] {
        [
            DemoWriter.text { sink in DemoWriter.writeUnits(data.units, to: sink) },
            DemoWriter.text { sink in DemoWriter.writeProcedures(data.procedures, to: sink) },
            DemoWriter.text { sink in DemoWriter.writeDossiers(data.dossiers, procedures: data.procedures, to: sink) },
            DemoWriter.text { sink in DemoWriter.writePetitions(data.petitions, to: sink) },
            DemoWriter.text { sink in DemoWriter.writeRatings(data.ratings, to: sink) },
            DemoWriter.text { sink in DemoWriter.writeTargets(data.targets, to: sink) },
        ]
    }

    @Test func smallMagnitudes() {
        let data = DemoProvince.generate(DemoOptions(months: 2, seed: 1, scale: .small, today: date(2025, 10, 31)), calendar: testCalendar)
        #expect((4_800...7_200).contains(data.dossiers.count), "\(data.dossiers.count)")
        #expect(data.units.filter { $0.kind == .department }.count == 4)
        #expect(data.units.filter { $0.kind == .district }.isEmpty)
        #expect(data.units.filter { $0.kind == .commune }.count == 6)
        #expect(!data.petitions.isEmpty && !data.ratings.isEmpty)
    }

    @Test func provinceMagnitudesBeforeTheMerger() {
        let data = Fixtures.provinceJune
        #expect((55_000...75_000).contains(data.dossiers.count), "\(data.dossiers.count)")
        let departments = data.units.filter { $0.kind == .department }
        #expect(departments.count == 18)
        #expect(departments.contains { $0.name == "Sở Tư pháp" })
        #expect((8...12).contains(data.units.filter { $0.kind == .district }.count))
        let communes = data.units.filter { $0.kind == .commune }
        #expect((80...140).contains(communes.count))
        #expect(communes.allSatisfy { $0.validTo == date(2025, 6, 30) })
        // Per-unit spreads like the seeds.
        var online: [String: (Int, Int)] = [:]
        for d in data.dossiers {
            var entry = online[d.unitCode] ?? (0, 0)
            entry.1 += 1
            if d.channel == .online { entry.0 += 1 }
            online[d.unitCode] = entry
        }
        let rates = online.values.filter { $0.1 >= 100 }.map { Double($0.0) / Double($0.1) }
        #expect((rates.min() ?? 1) < 0.6)
        #expect((rates.max() ?? 0) > 0.85)
    }

    @Test func provinceAfterTheMergerHasAboutNinetyCommunes() {
        let data = DemoProvince.generate(DemoOptions(months: 1, seed: 7, scale: .province, today: date(2025, 9, 10)), calendar: testCalendar)
        #expect(data.units.filter { $0.kind == .district }.isEmpty)
        #expect(data.units.filter { $0.kind == .commune }.count == 90)
        // The open month: dossiers up to today, many still open.
        #expect((15_000...35_000).contains(data.dossiers.count), "\(data.dossiers.count)")
        let open = data.dossiers.filter { !$0.state.isTerminal }.count
        #expect(Double(open) > 0.2 * Double(data.dossiers.count))
    }

    @Test func unitTreeIsValid() {
        let data = Fixtures.acrossMerger
        let byCode = Dictionary(uniqueKeysWithValues: data.units.map { ($0.code, $0) })
        #expect(byCode.count == data.units.count)
        #expect(data.units.filter { $0.parentCode == nil }.count == 1)
        for unit in data.units {
            if let parent = unit.parentCode { #expect(byCode[parent] != nil, "\(unit.code)") }
            switch unit.kind {
            case .district:
                #expect(unit.validTo == date(2025, 6, 30))
                #expect(byCode[unit.parentCode ?? ""]?.kind == .province)
            case .commune:
                if unit.validFrom == date(2025, 7, 1) {
                    #expect(byCode[unit.parentCode ?? ""]?.kind == .province)
                    #expect(unit.validTo == nil)
                } else {
                    #expect(unit.validTo == date(2025, 6, 30))
                    #expect(byCode[unit.parentCode ?? ""]?.kind == .district)
                }
            default: break
            }
        }
        #expect(data.units.contains { $0.kind == .district })
        #expect(data.units.contains { $0.kind == .commune && $0.validFrom != nil })
    }

    @Test func dossiersAreConsistent() {
        for data in [Fixtures.acrossMerger, Fixtures.provinceJune] {
            let asOf = data.options.asOf
            let units = Dictionary(uniqueKeysWithValues: data.units.map { ($0.code, $0) })
            let procedures = Dictionary(uniqueKeysWithValues: data.procedures.map { ($0.code, $0) })
            var codes = Set<String>()
            var problems: [String] = []
            for d in data.dossiers {
                func check(_ ok: Bool, _ what: String) { if !ok && problems.count < 10 { problems.append("\(d.code): \(what)") } }
                check(codes.insert(d.code).inserted, "duplicate code")
                guard let unit = units[d.unitCode], let procedure = procedures[d.procedureCode] else {
                    check(false, "unknown unit or procedure")
                    continue
                }
                check(procedure.isHandled(by: unit), "unit does not handle the procedure")
                check(unit.isValid(during: Period.range(d.receivedAt.localDate, d.receivedAt.localDate)!), "unit not valid")
                check(d.code.hasPrefix(unit.code + "-") && d.code.count == unit.code.count + 12, "code format")
                check(d.receivedAt >= Instant(local: data.options.start) && d.receivedAt <= asOf, "received out of range")
                check(testCalendar.isWorkingDay(d.receivedAt.localDate), "received on a day off")
                if let due = d.dueAt {
                    check(testCalendar.isWorkingDay(due.localDate) && due > d.receivedAt, "deadline")
                } else {
                    check(false, "no deadline")
                }
                if let p = d.processedAt { check(d.receivedAt <= p && p <= asOf, "processed") }
                if let r = d.returnedAt {
                    check(d.processedAt.map { $0 <= r } ?? false, "returned before processed"); check(r <= asOf, "returned late")
                }
                if let s = d.stoppedAt { check(d.receivedAt <= s && s <= asOf, "stopped") }
                check((d.processedAt != nil) == (d.state == .processed || d.state == .returned), "state vs processedAt")
                check((d.stoppedAt != nil) == [.refused, .stopped, .withdrawn].contains(d.state), "state vs stoppedAt")
                for s in d.supplements {
                    check(s.requestedAt > d.receivedAt && s.requestedAt <= asOf, "supplement request")
                    if let supplied = s.suppliedAt { check(supplied > s.requestedAt && supplied <= asOf, "supplement supplied") }
                    if let newDue = s.newDueAt { check(testCalendar.isWorkingDay(newDue.localDate), "new deadline") }
                }
                if let submitted = d.submittedAt { check(submitted <= d.receivedAt, "submitted after reception") }
            }
            #expect(problems.isEmpty, "\(problems)")
            for p in data.petitions {
                #expect(units[p.unitCode] != nil)
                #expect(p.receivedAt <= asOf && (p.resolvedAt ?? p.receivedAt) <= asOf && (p.resolvedAt ?? asOf) >= p.receivedAt)
                if let code = p.dossierCode { #expect(codes.contains(code)) }
            }
            for r in data.ratings {
                #expect(codes.contains(r.dossierCode))
                #expect((r.ratedAt ?? asOf) <= asOf)
            }
            // Every kind of event occurs.
            let states = Set(data.dossiers.map(\.state))
            for state in [Dossier.State.returned, .processed, .processing, .withdrawn, .refused] { #expect(states.contains(state), "\(state)") }
            #expect(data.dossiers.contains { $0.supplements.count == 1 })
            #expect(data.dossiers.contains { $0.supplements.count > 1 })
            #expect(data.dossiers.contains { $0.paidOnline })
        }
        #expect(Fixtures.provinceJune.dossiers.contains { !$0.pauses.isEmpty })
        #expect(Fixtures.acrossMerger.dossiers.contains { $0.state == .waitingForSupplement })
    }

    @Test func overdueDossiersAreFewAndConcentrated() {
        let data = Fixtures.provinceJune
        var perUnit: [String: Int] = [:]
        for d in data.dossiers where isOverdue(d, asOf: data.options.asOf) { perUnit[d.unitCode, default: 0] += 1 }
        let total = perUnit.values.reduce(0, +)
        let share = Double(total) / Double(data.dossiers.count)
        #expect(share > 0.0005 && share < 0.01, "\(total) overdue of \(data.dossiers.count)")
        let active = Set(data.dossiers.map(\.unitCode)).count
        #expect(perUnit.count * 4 < active, "\(perUnit.count) of \(active) units have overdue dossiers")
        #expect(perUnit.values.filter { $0 >= 3 }.count >= 3)
    }

    @Test func targetsForTheYear() {
        let targets = Fixtures.acrossMerger.targets
        func percent(_ indicator: Indicator, _ kind: ChiSoCore.Unit.Kind) -> Double? {
            targets.first { $0.indicator == indicator && $0.scope == .kind(kind) && $0.period == .year(2025) }?.percent
        }
        #expect(percent(.dossierOnlinePayment, .department) == 70)
        #expect(percent(.dossierOnlinePayment, .district) == 60)
        #expect(percent(.dossierOnlinePayment, .commune) == 50)
        #expect(Set(targets.map(\.indicator)).count >= 5)
        #expect(targets.allSatisfy { $0.source == "127/QĐ-UBND" })
    }

    @Test func publicationFactsAndTextAreSound() {
        let data = Fixtures.acrossMerger
        for p in data.procedures {
            let pub = p.publication
            #expect(pub.decisionDate != nil && pub.effectiveDate != nil && pub.contentComplete != nil)
            if let decision = pub.decisionDate, let effective = pub.effectiveDate { #expect(decision < effective) }
            if let publicized = pub.publicizedDate { #expect(publicized <= data.options.today) }
            #expect(p.statutoryTime != nil)
        }
        let texts = data.units.map(\.name) + data.procedures.flatMap { [$0.name, $0.fieldName] }
        for text in texts { #expect(text == text.precomposedStringWithCanonicalMapping, "not NFC: \(text)") }
    }
}
