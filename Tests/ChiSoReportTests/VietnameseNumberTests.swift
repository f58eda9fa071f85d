import ChiSoReport
import Testing

@Suite struct VietnameseNumberTests {
    @Test(arguments: [(67140, "67.140"), (0, "0"), (999, "999"), (1000, "1.000"), (-1_234_567, "-1.234.567")])
    func integers(value: Int, expected: String) {
        #expect(VietnameseNumber.format(value) == expected)
    }

    @Test(arguments: [
        (85.05, 2, "85,05"), (90.4, 2, "90,40"), (92, 0, "92"), (1234.5, 1, "1.234,5"), (85.045, 2, "85,05"),
        (0.005, 2, "0,01"), (-0.001, 2, "0,00"), (99.995, 2, "100,00"), (1e-7, 3, "0,000"), (-2.5, 0, "-3"),
    ])
    func decimals(value: Double, places: Int, expected: String) {
        #expect(VietnameseNumber.format(value, places: places) == expected)
    }

    @Test func percentages() {
        #expect(VietnameseNumber.percent(0.6467, places: 2) == "64,67%")
        #expect(VietnameseNumber.percent(1, places: 0) == "100%")
        #expect(VietnameseNumber.percent(0.1, places: 1) == "10,0%")
        #expect(VietnameseNumber.percent(ofHundred: 64.67, places: 2) == "64,67%")
        #expect(VietnameseNumber.format(.nan, places: 2) == "-")
    }

    @Test func percentOfHundredStoresTheExactFraction() {
        guard case .percent(let fraction, let places) = ReportCell.percent(ofHundred: 64.67).value else {
            Issue.record("not a percent cell")
            return
        }
        #expect(fraction == 0.6467)
        #expect(places == 2)
        #expect(ReportCell.decimal(nil).value == .null)
        #expect(ReportCell.integer(nil).value == .null)
    }
}
