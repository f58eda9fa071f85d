import ChiSoCore
import ChiSoIngest
import Testing

@Suite struct MethodologyFileTests {
    @Test func builtInPortalFormula() throws {
        let m = try MethodologyFile.builtIn("qd766-2026")
        #expect(m.id == "qd766-2026")
        #expect(m.total == 100)
        #expect(m.groups.map(\.id) == ["transparency", "timeliness", "online_service", "online_payment", "digitization", "satisfaction"])
        #expect(m.groups.map(\.max) == [18, 20, 12, 10, 22, 18])
        #expect(m.indicators.count == 21)
        #expect(Set(m.indicators.map(\.indicator)) == Set(Indicator.allCases))
        #expect(m.rule(for: .onlineDossier)?.scoring == .threshold(50))
        #expect(m.rule(for: .dossierSatisfaction)?.scoring == .threshold(90))
        #expect(m.rule(for: .petitionOnTime)?.zeroRule == .full)
        #expect(m.rule(for: .publicUpdateOnTime)?.name == "TTHC cập nhật, công khai đúng hạn")
        #expect(m.bands.map(\.name) == ["Yếu", "Trung bình", "Khá", "Tốt", "Xuất sắc"])
        let five = try #require(m.presentations.first { $0.id == "five-groups-2024" })
        #expect(
            five.groups.map(\.name) == [
                "Công khai, minh bạch", "Tiến độ, kết quả giải quyết", "Số hóa hồ sơ", "Cung cấp dịch vụ trực tuyến", "Mức độ hài lòng",
            ])
    }

    @Test func builtInLinearVariant() throws {
        let m = try MethodologyFile.builtIn("province-linear")
        #expect(m.indicators.allSatisfy { $0.scoring == .linear })
        // Seed 004: 75% of "Số hóa hồ sơ" gives 75 × 22 / 100 = 16,5 points.
        var counts = IndicatorCounts()
        for rule in try #require(m.groups.first { $0.id == "digitization" }).indicators { counts[rule.indicator] = Count(75, 100) }
        let score = m.score(unit: Unit(code: "S", name: "Sở A", kind: .department), counts: counts)
        #expect(Decimal2.round(try #require(score.group("digitization")).points) == 16.5)
    }

    @Test func unknownBuiltIn() {
        #expect(throws: DataFileError.self) { try MethodologyFile.builtIn("qd999") }
    }

    static let valid = """
        id: custom
        name: Thử nghiệm
        effective_from: 2026-01-01
        total: 10
        groups:
          - id: a
            name: Nhóm A
            max: 10
            indicators:
              - { id: dossier_on_time, name: "Đúng hạn", max: 6 }
              - { id: online_dossier, name: "Trực tuyến", max: 4, scoring: threshold, threshold: 50 }
        bands:
          - { name: "Đạt", min: 5 }
          - { name: "Chưa đạt", min: 0 }
        """

    @Test func customFile() throws {
        let m = try MethodologyFile.parse(Self.valid, file: "tinh.yaml")
        #expect(m.indicators.count == 2)
        #expect(m.classification(of: 5).name == "Đạt")
    }

    @Test func unknownIndicatorNamesFileAndGroup() {
        let text = Self.valid.replacing("online_dossier", with: "online_dosier")
        #expect {
            try MethodologyFile.parse(text, file: "tinh.yaml")
        } throws: { error in
            let message = (error as? DataFileError)?.description ?? ""
            return message.hasPrefix("tinh.yaml") && message.contains("online_dosier") && message.contains("nhóm a")
        }
    }

    @Test func maximaThatDoNotAddUp() {
        let text = Self.valid.replacing("max: 6 }", with: "max: 5 }")
        #expect {
            try MethodologyFile.parse(text, file: "tinh.yaml")
        } throws: { error in
            let e = error as? DataFileError
            return e?.line == 6 && e?.description.contains("nhóm a") == true
        }
    }

    @Test func overlappingBands() {
        let text = Self.valid.replacing("{ name: \"Chưa đạt\", min: 0 }", with: "{ name: \"Chưa đạt\", min: 0, below: 6 }")
        #expect { try MethodologyFile.parse(text, file: "tinh.yaml") } throws: { ($0 as? DataFileError)?.description.contains("chồng lấn") == true }
    }

    @Test func missingBands() {
        let text = Self.valid.replacing("  - { name: \"Chưa đạt\", min: 0 }", with: "")
        #expect { try MethodologyFile.parse(text, file: "tinh.yaml") } throws: { ($0 as? DataFileError)?.description.contains("từ 0 đến 5") == true }
    }

    @Test func mistypedField() {
        let text = Self.valid.replacing("max: 10\n", with: "max: mười\n")
        #expect {
            try MethodologyFile.parse(text, file: "tinh.yaml")
        } throws: { error in
            let e = error as? DataFileError
            return e?.entry == "groups[1].max" && e?.line == 8
        }
    }

    @Test func notYAML() {
        #expect(throws: DataFileError.self) { try MethodologyFile.parse("groups: [", file: "x.yaml") }
    }
}

@Suite struct CalendarFileTests {
    @Test func shippedCalendar() throws {
        let cal = try CalendarFile.builtIn()
        #expect(Set(cal.years.keys) == [2022, 2023, 2024, 2025, 2026, 2027])
        // Each decided year: weekday days off = 11 + make-up Saturdays (the reference's consistency check).
        for year in 2022...2026 {
            let y = try #require(cal.years[year])
            #expect(y.daysOff.count == 11 + y.makeUpWorkingDays.count)
        }
        #expect(cal.years[2027]?.status == "provisional")
        let tet = cal.isWorkingDay(LocalDate(year: 2026, month: 2, day: 17)!)
        let makeUp = cal.isWorkingDay(LocalDate(year: 2024, month: 5, day: 4)!)
        let pending = cal.isWorkingDay(LocalDate(year: 2026, month: 11, day: 24)!)  // pending, not applied
        #expect(!tet)
        #expect(makeUp)
        #expect(pending)
    }

    @Test func rejectsADayOffOnAWeekend() {
        let text = """
            2026:
              "off": [2026-02-14]
            """
        #expect { try CalendarFile.parse(text, file: "lich.yaml") } throws: { ($0 as? DataFileError)?.description.contains("2026-02-14") == true }
    }

    @Test func rejectsABadDate() {
        let text = """
            2026:
              "off": [2026-02-30]
            """
        #expect { try CalendarFile.parse(text, file: "lich.yaml") } throws: { ($0 as? DataFileError)?.entry == "2026.off[1]" }
    }
}

@Suite struct TargetsFileTests {
    @Test func shippedExamples() throws {
        for name in TargetsFile.examples {
            let path = try #require(TargetsFile.examplePath(name))
            var reader = try CSVRecordReader(targets: try FileChunkSource(path: path), fileName: name)
            var count = 0
            while let result = try reader.next() {
                #expect(result.issue == nil)
                count += 1
            }
            #expect(count >= 7)
        }
    }

    @Test func readsScopesAndReportsBadRows() throws {
        let text = """
            indicator,applies_to,period,target_percent,source
            dossier_online_payment,district,2024,60,127/QĐ-UBND
            online_dossier,000.00.15.H10,2024-Q2,"60,5",
            made_up,all,2024,50,
            online_dossier,all,2024-13,50,
            online_dossier,all,2024,150,
            """
        var reader = try CSVRecordReader(targets: ArrayChunkSource(text), fileName: "chi-tieu.csv")
        var targets: [Target] = []
        var issues: [IngestIssue] = []
        while let r = try reader.next() {
            if let t = r.record { targets.append(t) }
            if let i = r.issue { issues.append(i) }
        }
        #expect(targets.count == 2)
        #expect(targets[0].scope == .kind(.district))
        #expect(targets[0].source == "127/QĐ-UBND")
        #expect(targets[1].scope == .unit("000.00.15.H10"))
        #expect(targets[1].percent == 60.5)
        #expect(targets[1].period == Period("2024-Q2"))
        #expect(issues.map(\.line) == [4, 5, 6])
        #expect(issues[0].message.contains("made_up"))
    }
}
