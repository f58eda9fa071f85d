import ChiSoTesting
import Testing

@testable import ChiSoCore

@Suite struct LocalDateTests {
    @Test func civilRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let date = LocalDate(dayNumber: day)
            let (y, m, dd) = date.components
            #expect(LocalDate(year: y, month: m, day: dd) == date)
        }
    }

    @Test func weekdays() {
        #expect(d(1970, 1, 1).weekday == 4)
        #expect(d(2026, 2, 17).weekday == 2)  // Tết Bính Ngọ, a Tuesday
        #expect(d(2026, 11, 23).weekday == 1)
        #expect(d(2024, 5, 4).isWeekend)
    }

    @Test func rejectsImpossibleDates() {
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(iso: "2026-02-30") == nil)
        #expect(LocalDate(iso: "2026-2-3") == nil)
    }

    @Test func instantIsVietnamLocalTime() {
        let i = Instant(dvcqg: "20260213163000")!
        #expect(i.localDate == d(2026, 2, 13))
        #expect(i.localSecondOfDay == 16 * 3600 + 30 * 60)
        #expect(i.dvcqg == "20260213163000")
        // 00:30 in Hà Nội is 17:30 UTC of the day before.
        #expect(Instant(dvcqg: "20260101003000")!.secondsSinceEpoch == 1_767_202_200)
        #expect(Instant(dvcqg: "20261301000000") == nil)
        #expect(Instant(dvcqg: "2026010100300") == nil)
        #expect(Instant(dvcqg: "20260101") == t(2026, 1, 1))
    }
}

@Suite struct PeriodTests {
    @Test(arguments: [
        ("2026-08", "2026-08-01", "2026-08-31"), ("2026-02", "2026-02-01", "2026-02-28"), ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-Q3", "2026-07-01", "2026-09-30"), ("2026-H1", "2026-01-01", "2026-06-30"), ("2026-H2", "2026-07-01", "2026-12-31"),
        ("2026-9M", "2026-01-01", "2026-09-30"), ("2026", "2026-01-01", "2026-12-31"),
        ("2026-08-01..2026-08-15", "2026-08-01", "2026-08-15"),
    ])
    func parses(text: String, start: String, end: String) throws {
        let p = try #require(Period(text))
        #expect(p.start.description == start)
        #expect(p.end.description == end)
        #expect(p.description == text)
        #expect(Period(p.description) == p)
    }

    @Test(arguments: ["", "2026-13", "2026-Q5", "26-08", "2026-08-15..2026-08-01", "2026-H3", "abc"])
    func rejects(text: String) {
        #expect(Period(text) == nil)
    }

    @Test func previousAndSameLastYear() {
        #expect(Period("2026-01")!.previous == Period("2025-12"))
        #expect(Period("2026-Q1")!.previous == Period("2025-Q4"))
        #expect(Period("2026-H2")!.previous == Period("2026-H1"))
        #expect(Period("2026")!.previous == Period("2025"))
        #expect(Period("2024-Q1")!.sameLastYear == Period("2023-Q1"))
        #expect(Period("2026-08-11..2026-08-20")!.previous == Period("2026-08-01..2026-08-10"))
        #expect(Period("2024-02-01..2024-02-29")!.sameLastYear == Period("2023-02-01..2023-02-28"))
    }

    @Test func vietnameseNames() {
        #expect(Period("2024-07")!.vietnameseName == "tháng 7/2024")
        #expect(Period("2024-Q2")!.vietnameseName == "quý II/2024")
        #expect(Period("2024-H1")!.vietnameseName == "6 tháng đầu năm 2024")
    }

    @Test func containsUsesLocalDays() {
        let p = Period("2026-07")!
        #expect(p.contains(t(2026, 7, 31, 23, 59)))
        #expect(!p.contains(t(2026, 8, 1, 0, 0)))
        #expect(p.contains(t(2026, 7, 1, 0, 0)))
    }
}

@Suite struct WorkCalendarTests {
    let cal = calendar2026

    @Test func tet2026() {
        // Tết Bính Ngọ: Saturday 14/2 to Sunday 22/2 off; Friday 13/2 and Monday 23/2 worked.
        #expect(cal.isWorkingDay(d(2026, 2, 13)))
        for day in 14...22 { #expect(!cal.isWorkingDay(d(2026, 2, day))) }
        #expect(cal.isWorkingDay(d(2026, 2, 23)))
        #expect(cal.addingWorkingDays(1, to: d(2026, 2, 13)) == d(2026, 2, 23))
        #expect(cal.workingDays(after: d(2026, 2, 13), through: d(2026, 2, 23)) == 1)
    }

    @Test func makeUpDaysAreWorked() {
        #expect(cal.isWorkingDay(d(2026, 1, 10)))  // Saturday, làm bù for 2/1
        #expect(!cal.isWorkingDay(d(2026, 1, 2)))
        #expect(cal.isWorkingDay(d(2026, 8, 22)))
        // Friday 21/8 + 1 working day = Saturday 22/8 (make-up day).
        #expect(cal.addingWorkingDays(1, to: d(2026, 8, 21)) == d(2026, 8, 22))
        // Friday 28/8 + 1 = Thursday 3/9 (31/8, 1/9, 2/9 off).
        #expect(cal.addingWorkingDays(1, to: d(2026, 8, 28)) == d(2026, 9, 3))
    }

    @Test func countsAgreeWithAdding() {
        var day = d(2025, 12, 20)
        while day < d(2026, 3, 10) {
            for n in 1...12 {
                let later = cal.addingWorkingDays(n, to: day)
                #expect(cal.workingDays(after: day, through: later) == n)
                #expect(cal.isWorkingDay(later))
            }
            day = day.adding(days: 1)
        }
    }

    @Test func outsideCoveredYearsFallsBackToWeekdays() {
        #expect(cal.isWorkingDay(d(2100, 1, 1)))  // a Friday, no data
        #expect(cal.addingWorkingDays(1, to: d(2100, 1, 1)) == d(2100, 1, 4))
        #expect(cal.workingDays(after: d(1990, 1, 1), through: d(1990, 1, 8)) == 5)
    }

    @Test func workingHoursSkipDaysOff() {
        // Friday 13/2/2026 16:00 + 8 working hours: 8 h left of Friday, so Friday 24:00 = Monday 23/2 00:00.
        let end = cal.addingWorkingHours(8, to: t(2026, 2, 13, 16))
        #expect(end == t(2026, 2, 14, 0))
        #expect(cal.addingWorkingHours(9, to: t(2026, 2, 13, 16)) == t(2026, 2, 23, 1))
        #expect(cal.workingSeconds(from: t(2026, 2, 13, 16), to: t(2026, 2, 23, 1)) == 9 * 3600)
    }

    @Test func rejectsBadData() {
        #expect(throws: CalendarError.self) { try WorkCalendar(years: [2026: .init(daysOff: [d(2026, 2, 14)], makeUpWorkingDays: [])]) }
        #expect(throws: CalendarError.self) { try WorkCalendar(years: [2026: .init(daysOff: [], makeUpWorkingDays: [d(2026, 2, 13)])]) }
        #expect(throws: CalendarError.self) { try WorkCalendar(years: [2025: .init(daysOff: [d(2026, 2, 13)], makeUpWorkingDays: [])]) }
        #expect(throws: CalendarError.self) {
            try WorkCalendar(years: [2026: .init(daysOff: [d(2026, 2, 13), d(2026, 2, 13)], makeUpWorkingDays: [])])
        }
    }
}
