import ChiSoTesting
import Testing

@testable import ChiSoCore

@Suite struct JudgeTests {
    let cal = calendar2026

    func judge(_ d: Dossier, asOf: Instant = t(2026, 12, 31, 23), statutory: StatutoryTime? = nil, settings: JudgeSettings = .portal) -> Verdict {
        Judge.judge(d, statutoryTime: statutory, asOf: asOf, calendar: cal, settings: settings)
    }

    // Rule 1: the first terminal event in priority order.
    @Test func processedBeforeReturned() {
        let v = judge(
            dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .returned, processed: t(2026, 3, 6, 10), returned: t(2026, 3, 9, 9)))
        #expect(v.effectiveEnd == t(2026, 3, 6, 10))
        #expect(v.outcome == .onTime)
        #expect(v.isResolved)
    }

    @Test func returnedWithoutProcessedTime() {
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .returned, returned: t(2026, 3, 9, 9)))
        #expect(v.effectiveEnd == t(2026, 3, 9, 9))
        #expect(v.outcome == .overdue)
        #expect(v.reason == .endedLate)
    }

    @Test func withdrawalEndsADossier() {
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .withdrawn, stopped: t(2026, 3, 3, 9)))
        #expect(v.isResolved)
        #expect(v.outcome == .early)
    }

    @Test func stoppedAndRefusedEnd() {
        for state in [Dossier.State.stopped, .refused] {
            let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: state, stopped: t(2026, 3, 10, 9)))
            #expect(v.isResolved)
            #expect(v.outcome == .overdue)
        }
    }

    // Rule 2: on time when end ≤ deadline; early when on an earlier working day.
    @Test func endAtTheDeadlineIsOnTime() {
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 6, 17)))
        #expect(v.outcome == .onTime)
        #expect(v.reason == .endedByDeadline)
    }

    @Test func oneSecondLateIsOverdue() {
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 6, 17).adding(seconds: 1)))
        #expect(v.outcome == .overdue)
        #expect(!v.outcome.countsAsOnTime)
    }

    @Test func earlierWorkingDayIsEarly() {
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 5, 16)))
        #expect(v.outcome == .early)
    }

    @Test func sameDayIsOnTimeNotEarly() {
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 6, 8)))
        #expect(v.outcome == .onTime)
    }

    @Test func endOnTheWeekendBeforeAMondayDeadlineIsNotEarly() {
        // Ended Saturday 7/3; the next working day is Monday 9/3, the deadline's day.
        let v = judge(dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 9, 17), state: .processed, processed: t(2026, 3, 7, 10)))
        #expect(v.outcome == .onTime)
    }

    @Test func endBeforeTetWithDeadlineAfterTetIsEarly() {
        // Ended Friday 13/2/2026, deadline Monday 23/2 (first working day after Tết).
        let v = judge(dossier(received: t(2026, 2, 9, 8), due: t(2026, 2, 23, 17), state: .processed, processed: t(2026, 2, 13, 15)))
        #expect(v.outcome == .early)
        // Ended during Tết (Wednesday 18/2): the next working day is 23/2, the deadline's day.
        let w = judge(dossier(received: t(2026, 2, 9, 8), due: t(2026, 2, 23, 17), state: .processed, processed: t(2026, 2, 18, 9)))
        #expect(w.outcome == .onTime)
    }

    // Rule 3: open dossiers at the instant of judgement.
    @Test func openWithinAndPastDeadline() {
        let d = dossier(received: t(2026, 7, 27, 8), due: t(2026, 7, 31, 17), state: .processing)
        let atMonthEnd = judge(d, asOf: t(2026, 7, 31, 23, 59))
        #expect(atMonthEnd.outcome == .openOverdue)
        let before = judge(d, asOf: t(2026, 7, 31, 16, 59))
        #expect(before.outcome == .openWithinDeadline)
        #expect(before.reason == .openBeforeDeadline)
        #expect(!before.isResolved)
    }

    @Test func laterEventsAreIgnoredWhenJudgingEarlier() {
        // Processed in August; judged at the end of July it is still open.
        let d = dossier(received: t(2026, 7, 27, 8), due: t(2026, 8, 5, 17), state: .processed, processed: t(2026, 8, 3, 10))
        let july = judge(d, asOf: t(2026, 7, 31, 23, 59))
        #expect(july.outcome == .openWithinDeadline)
        #expect(!july.isResolved)
        #expect(judge(d, asOf: t(2026, 8, 31, 23, 59)).outcome == .early)
    }

    // Rule 4: a pending supplement request is the end.
    @Test func pendingRequestInTime() {
        let d = dossier(
            received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .waitingForSupplement, supplements: [.init(requestedAt: t(2026, 3, 3, 10))])
        let v = judge(d, asOf: t(2026, 3, 31, 23))
        #expect(v.reason == .pendingSupplementInTime)
        #expect(v.outcome == .early)
        #expect(!v.isResolved)
        #expect(!v.isOverdue)
    }

    @Test func pendingRequestLate() {
        let d = dossier(
            received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .waitingForSupplement, supplements: [.init(requestedAt: t(2026, 3, 9, 10))])
        let v = judge(d, asOf: t(2026, 3, 31, 23))
        #expect(v.reason == .pendingSupplementLate)
        #expect(v.isOverdue)
    }

    // Rule 5: more than one request is overdue whatever the dates.
    @Test func secondRequestIsOverdue() {
        let d = dossier(
            received: t(2026, 3, 2, 8), due: t(2026, 3, 20, 17), state: .processed, processed: t(2026, 3, 10, 9),
            supplements: [
                .init(requestedAt: t(2026, 3, 3, 10), suppliedAt: t(2026, 3, 4, 10)),
                .init(requestedAt: t(2026, 3, 5, 10), suppliedAt: t(2026, 3, 6, 10)),
            ])
        let v = judge(d)
        #expect(v.outcome == .overdue)
        #expect(v.reason == .repeatedSupplementRequest)
        let open = judge(d, asOf: t(2026, 3, 7, 0))
        #expect(open.outcome == .openOverdue)
    }

    // Rule 6: waiting time does not count.
    @Test func waitingTimeMovesTheEndBack() {
        // Deadline Friday 6/3 17:00; waited 3 days (3/3 10:00 → 6/3 10:00); ended Monday 9/3 10:00 → effective 6/3 10:00.
        let d = dossier(
            received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 9, 10),
            supplements: [.init(requestedAt: t(2026, 3, 3, 10), suppliedAt: t(2026, 3, 6, 10))])
        let v = judge(d)
        #expect(v.effectiveEnd == t(2026, 3, 6, 10))
        #expect(v.outcome == .onTime)
    }

    @Test func restartRuleUsesTheNewDeadline() {
        let request = SupplementRequest(requestedAt: t(2026, 3, 3, 10), suppliedAt: t(2026, 3, 6, 10), newDueAt: t(2026, 3, 13, 17))
        let d = dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 12, 10), supplements: [request])
        let restart = judge(d, settings: JudgeSettings(supplementRule: .restartWithNewDeadline))
        #expect(restart.deadline == t(2026, 3, 13, 17))
        #expect(restart.outcome == .early)
        // Under the portal's rule the same dossier is late: 12/3 10:00 − 3 days = 9/3 10:00 > 6/3 17:00.
        #expect(judge(d).outcome == .overdue)
    }

    @Test func openDossierAfterSupplementGetsTheWaitedTimeBack() {
        let d = dossier(
            received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .processing,
            supplements: [.init(requestedAt: t(2026, 3, 3, 10), suppliedAt: t(2026, 3, 6, 10))])
        #expect(judge(d, asOf: t(2026, 3, 9, 10)).outcome == .openWithinDeadline)
        #expect(judge(d, asOf: t(2026, 3, 10, 10)).outcome == .openOverdue)
    }

    // Rule 7: no deadline, statutory time in its own unit.
    @Test func statutoryWorkingDaysAcrossTet() {
        // Received Thursday 12/2/2026 9:00, 3 working days: 13/2, 23/2, 24/2 → deadline 24/2 9:00.
        let received = t(2026, 2, 12, 9)
        let within = judge(dossier(received: received, state: .processed, processed: t(2026, 2, 24, 8)), statutory: .init(3, .workingDays))
        #expect(within.deadline == t(2026, 2, 24, 9))
        #expect(within.reason == .withinStatutoryTime)
        let late = judge(dossier(received: received, state: .processed, processed: t(2026, 2, 24, 10)), statutory: .init(3, .workingDays))
        #expect(late.reason == .statutoryTimeExceeded)
        #expect(late.outcome == .overdue)
    }

    @Test func statutoryCalendarDaysAndHours() {
        let received = t(2026, 2, 13, 9)
        let days = judge(dossier(received: received, state: .processed, processed: t(2026, 2, 16, 9)), statutory: .init(3, .days))
        #expect(days.outcome != .overdue)
        let hours = judge(dossier(received: received, state: .processed, processed: t(2026, 2, 23, 10)), statutory: .init(16, .hours))
        // Friday 9:00 → 24:00 is 15 h; 1 h more on Monday 23/2 → 01:00.
        #expect(hours.deadline == t(2026, 2, 23, 1))
        #expect(hours.outcome == .overdue)
    }

    @Test func statutoryTimeLessSupplementTime() {
        let d = dossier(
            received: t(2026, 3, 2, 9), state: .processed, processed: t(2026, 3, 9, 9),
            supplements: [.init(requestedAt: t(2026, 3, 3, 9), suppliedAt: t(2026, 3, 6, 9))])
        // 2/3 9:00 → 9/3 9:00 is 5 working days; less 3 waited (3/3 → 6/3) leaves 2 ≤ 3.
        let v = judge(d, statutory: .init(3, .workingDays))
        #expect(v.deadline == t(2026, 3, 10, 9))
        #expect(v.outcome == .early)
        let late = judge(d, statutory: .init(1, .workingDays))
        #expect(late.outcome == .overdue)
    }

    @Test func noDeadlineAtAll() {
        let v = judge(dossier(received: t(2026, 3, 2, 9), state: .processing))
        #expect(v.reason == .noDeadline)
        #expect(v.outcome == .openWithinDeadline)
    }

    // Period ends: a dossier due on the last day of the month.
    @Test func dueOnTheLastDayOfTheMonth() {
        let d = dossier(received: t(2026, 5, 25, 8), due: t(2026, 5, 29, 17), state: .processed, processed: t(2026, 6, 1, 8))
        #expect(judge(d, asOf: t(2026, 5, 31, 23, 59)).outcome == .openOverdue)
        #expect(judge(d, asOf: t(2026, 6, 30, 23, 59)).outcome == .overdue)
    }

    // Rule 9 violations.
    @Test func pauseOnTheDueDateIsAViolation() {
        var d = dossier(received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .paused)
        d.pauses = [Pause(startedAt: t(2026, 3, 6, 9))]
        #expect(Judge.violations(of: d, calendar: cal) == [.pausedOnDueDate])
        d.pauses = [Pause(startedAt: t(2026, 3, 5, 9))]
        #expect(Judge.violations(of: d, calendar: cal).isEmpty)
    }

    @Test func supplementRequestWithinThreeWorkingDays() {
        // Received Thursday 12/2/2026: three working days are 13/2, 23/2, 24/2 (Tết between).
        let inTime = dossier(received: t(2026, 2, 12, 9), due: t(2026, 3, 6, 17), supplements: [.init(requestedAt: t(2026, 2, 24, 16))])
        #expect(Judge.violations(of: inTime, calendar: cal).isEmpty)
        let late = dossier(received: t(2026, 2, 12, 9), due: t(2026, 3, 6, 17), supplements: [.init(requestedAt: t(2026, 2, 25, 8))])
        #expect(Judge.violations(of: late, calendar: cal) == [.lateSupplementRequest])
    }

    // Property: a verdict is never both on time and overdue, and resolution matches the terminal state.
    @Test func verdictsAreConsistent() {
        var rng = SplitMix(seed: 7)
        let states = Dossier.State.allCases
        for i in 0..<5000 {
            let received = t(2026, 1, 1).adding(seconds: Int64(rng.next() % (300 * 86400)))
            let due: Instant? = rng.next() % 5 == 0 ? nil : received.adding(seconds: Int64(rng.next() % (20 * 86400)))
            let state = states[Int(rng.next() % UInt64(states.count))]
            let end = received.adding(seconds: Int64(rng.next() % (30 * 86400)))
            var supplements: [SupplementRequest] = []
            for _ in 0..<Int(rng.next() % 3) {
                let req = received.adding(seconds: Int64(rng.next() % (10 * 86400)))
                supplements.append(
                    .init(requestedAt: req, suppliedAt: rng.next() % 2 == 0 ? nil : req.adding(seconds: Int64(rng.next() % (5 * 86400)))))
            }
            let d = dossier("D\(i)", received: received, due: due, state: state, processed: end, supplements: supplements)
            let asOf = received.adding(seconds: Int64(rng.next() % (40 * 86400)))
            let v = judge(d, asOf: asOf, statutory: rng.next() % 2 == 0 ? .init(5, .workingDays) : nil)
            #expect(v.outcome.countsAsOnTime != v.isOverdue)
            #expect(v.isResolved == (state.isTerminal && end <= asOf))
            if v.outcome == .openOverdue || v.outcome == .openWithinDeadline { #expect(!v.isResolved) }
        }
    }
}
