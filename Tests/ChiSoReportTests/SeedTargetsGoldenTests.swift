import ChiSoCore
import ChiSoReport
import Testing

/// Regenerates seed 002's appendix tables (Phụ lục 1: 18 departments, Phụ lục 2: 11 districts, Phụ lục 3: 11
/// rows of communes grouped by district) from the counts the seed prints, and compares every cell.
///
/// Comparison rules: counts by value (the seed writes "1.313" and "1313" alike); targets by value (they are
/// inputs); rates as ChiSo prints them (whole percent) against the seed's text, a missing "%" in the seed
/// ("100") being read as a percentage. Where the seed prints decimals ("99,8%" in Phụ lục 3), the count's exact
/// rate rounded to the seed's decimals must equal the printed value, and ChiSo's whole percent its rounding.
@Suite struct SeedTargetsGoldenTests {
    /// Cells where the seed contradicts its own counts or the null rule, with the value ChiSo prints instead.
    /// Key: "appendix.table row column" (row = TT, column from 0).
    static let exceptions: [String: (chiso: String, why: String)] = [
        // 0 of 0 procedures or dossiers: the rate is null, "-", never 0% (nor 100%).
        "1.1 4 13": ("-", "Sở GD&ĐT: 0/0 TTHC có thanh toán, seed 0"),
        "1.1 9 13": ("-", "Sở Ngoại vụ: 0/0 TTHC, seed 0"),
        "1.1 9 17": ("-", "Sở Ngoại vụ: 0/0 hồ sơ, seed 0"),
        "1.1 10 13": ("-", "Sở Nội vụ: 0/0 TTHC, seed 0"),
        "1.1 10 17": ("-", "Sở Nội vụ: 0/0 hồ sơ, seed 0"),
        "1.1 12 13": ("-", "Sở Tài chính: 0/0 TTHC, seed 100%"),
        "1.1 12 17": ("-", "Sở Tài chính: 0/0 hồ sơ, seed 0"),
        "1.1 14 13": ("-", "Sở Thông tin và TT: 0/0 TTHC, seed 0"),
        // Rates inconsistent with the seed's own counts.
        "1.2 6 5": ("5%", "Sở KH&ĐT: 33/602 = 5,48%, seed 92%"),
        "1.2 6 8": ("0%", "Sở KH&ĐT: 1/602 = 0,17%, seed 3%"),
        "1.2 12 8": ("0%", "Sở Tài chính: 0/10, seed prints a bare \"%\""),
        "2.1 7 17": ("39%", "UBND huyện Vân Canh: 46/119 = 38,66%, seed 45%"),
        "2.1 9 17": ("63%", "UBND TP. Quy Nhơn: 833/1.313 = 63,44%, seed 64%"),
    ]

    static func integer(_ text: String) -> Int? { Int(text.replacing(".", with: "")) }

    /// "61%" → 61, "100" → 100, "%" or "" → nil (no target printed).
    static func percent(_ text: String) -> Double? {
        let t = text.replacing("%", with: "").replacing(",", with: ".")
        return t.isEmpty ? nil : Double(t)
    }

    /// The rows ChiSo builds from the seed's counts: table 1 gives the first four indicators, table 2 (same
    /// order) the last three. e_result's denominator is not printed (its "Kết quả" can exceed the dossiers
    /// received), so its count carries the numerator only.
    static func rows(_ table1: [[String]], _ table2: [[String]]) throws -> [TargetsReport.Row] {
        try #require(table1.count == table2.count)
        return try zip(table1, table2).map { a, b in
            func int(_ s: String) throws -> Int { try #require(integer(s), "not a count: \(s)") }
            let received = try int(a[2])
            #expect(try int(b[2]) == received, "dossiers received differ between the tables: \(a[1])")
            let items: [Indicator: TargetsReport.Item] = [
                .onlineServiceUsage: .init(target: percent(a[3]), count: Count(try int(a[5]), try int(a[4]))),
                .onlineDossier: .init(target: percent(a[7]), count: Count(try int(a[8]), received)),
                .procedureOnlinePayment: .init(target: percent(a[10]), count: Count(try int(a[12]), try int(a[11]))),
                .dossierOnlinePayment: .init(target: percent(a[14]), count: Count(try int(a[16]), try int(a[15]))),
                .digitizedDossier: .init(target: percent(b[3]), count: Count(try int(b[4]), received)),
                .reusedDigitizedData: .init(target: percent(b[6]), count: Count(try int(b[7]), received)),
                .eResult: .init(target: percent(b[9]), count: Count(try int(b[10]), 0)),
            ]
            return TargetsReport.Row(name: a[1], received: received, items: items)
        }
    }

    /// Compares a generated table with the seed's rows; returns the exceptions met.
    static func compare(
        _ table: ReportTable, seed: [[String]], key: String, rateColumns: Set<Int>, countColumns: Set<Int>,
        targetColumns: Set<Int>, skipped: Set<Int> = [], names: [String], rateCounts: [[Count]]
    ) -> Set<String> {
        var met = Set<String>()
        #expect(table.rows.count == seed.count)
        for (r, (row, printed)) in zip(table.rows, seed).enumerated() {
            #expect(row.cells.count == printed.count, "\(key) row \(r + 1): \(row.cells.count) cells, seed \(printed.count)")
            for (c, (cell, text)) in zip(row.cells, printed).enumerated() {
                let ours = DocumentFixtures.text(cell)
                let id = "\(key) \(printed[0]) \(c)"
                if let exception = exceptions[id] {
                    #expect(ours == exception.chiso, "\(id): \(exception.why)")
                    met.insert(id)
                    continue
                }
                if c == 0 {
                    #expect(ours == text)
                } else if c == 1 {
                    #expect(ours == names[r])
                } else if countColumns.contains(c) {
                    #expect(cell.value == .integer(integer(text) ?? -1), "\(id): \(ours) vs \(text)")
                } else if targetColumns.contains(c) {
                    let value = percent(text)
                    #expect(value == nil ? cell.value == .null : ours == VietnameseNumber.percent(ofHundred: value ?? 0, places: 0), "\(id)")
                } else if skipped.contains(c) {
                    continue
                } else if rateColumns.contains(c) {
                    if text.contains(",") {
                        let places = text.split(separator: ",").last.map { $0.filter(\.isNumber).count } ?? 0
                        let item = rateCounts[safe: r]?[safe: c]
                        #expect(item.map { DocumentNumbers.percent($0, places: places) } == percent(text), "\(id): seed \(text)")
                        #expect(
                            ours == VietnameseNumber.percent(ofHundred: percent(text)?.rounded(.toNearestOrAwayFromZero) ?? -1, places: 0), "\(id)")
                    } else {
                        #expect(ours == (text.hasSuffix("%") ? text : text + "%"), "\(id): ChiSo \(ours), seed \(text)")
                    }
                } else {
                    Issue.record("\(id): column not classified")
                }
            }
        }
        return met
    }

    @Test(arguments: [
        ("1", SeedTargetsFixture.appendix1Table1, SeedTargetsFixture.appendix1Table2, 18),
        ("2", SeedTargetsFixture.appendix2Table1, SeedTargetsFixture.appendix2Table2, 11),
        ("3", SeedTargetsFixture.appendix3Table1, SeedTargetsFixture.appendix3Table2, 11),
    ])
    func appendix(number: String, table1: [[String]], table2: [[String]], count: Int) throws {
        #expect(table1.count == count)
        let rows = try Self.rows(table1, table2)
        let tables = TargetsReport.tables(rows: rows, places: 0)
        #expect(tables.map(\.columnCount) == [18, 12])
        #expect(tables.map { $0.headerRows.count } == [2, 2])
        #expect(tables[0].headerRows[0].map(\.colspan) == [1, 1, 1, 4, 3, 4, 4])
        #expect(tables[1].headerRows[0].map(\.colspan) == [1, 1, 1, 3, 3, 3])
        // The count behind each rate cell, by column, for the decimal comparison.
        let rateCounts1: [[Count]] = rows.map { row in
            var c = [Count](repeating: Count(), count: 18)
            c[6] = row.items[.onlineServiceUsage]?.count ?? Count()
            c[9] = row.items[.onlineDossier]?.count ?? Count()
            c[13] = row.items[.procedureOnlinePayment]?.count ?? Count()
            c[17] = row.items[.dossierOnlinePayment]?.count ?? Count()
            return c
        }
        let names = rows.map(\.name)
        var met = Self.compare(
            tables[0], seed: table1, key: "\(number).1", rateColumns: [6, 9, 13, 17], countColumns: [2, 4, 5, 8, 11, 12, 15, 16],
            targetColumns: [3, 7, 10, 14], names: names, rateCounts: rateCounts1)
        // Table 2 repeats the unit names, sometimes spelled out ("Ban Quản lý Khu kinh tế tỉnh" for "Ban Quản lý KKT
        // tỉnh"); ChiSo prints each unit's one name in both tables, so names are compared with table 1's.
        // e_result's rate (column 11) is not compared: the seed does not print its denominator.
        met.formUnion(
            Self.compare(
                tables[1], seed: table2, key: "\(number).2", rateColumns: [5, 8], countColumns: [2, 4, 7, 10],
                targetColumns: [3, 6, 9], skipped: [11], names: names,
                rateCounts: rows.map { row in
                    var c = [Count](repeating: Count(), count: 12)
                    c[5] = row.items[.digitizedDossier]?.count ?? Count()
                    c[8] = row.items[.reusedDigitizedData]?.count ?? Count()
                    return c
                }))
        let expected = Set(Self.exceptions.keys.filter { $0.hasPrefix("\(number).") })
        #expect(met == expected, "every listed exception is met, and no other")
    }

}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
