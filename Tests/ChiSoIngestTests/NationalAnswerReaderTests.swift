import ChiSoCore
import ChiSoIngest
import Foundation
import Testing

@Suite struct NationalAnswerReaderTests {
    typealias F = NationalFixtures
    let august = Period.month(2026, 8)
    let exported = Instant(local: LocalDate(year: 2026, month: 9, day: 2)!, hour: 15)

    func file(_ name: String, _ text: String) -> NationalInputFile { NationalInputFile(name: name, bytes: Array(text.utf8)) }

    func read(_ texts: [String]) -> (NationalSnapshot, [IngestIssue]) {
        var answers: [NationalAnswer] = []
        var issues: [IngestIssue] = []
        for (i, text) in texts.enumerated() {
            let result = NationalAnswerReader.read(file("a\(i).json", text))
            answers += result.answers
            issues += result.issues
        }
        let assembled = NationalSnapshotAssembly.snapshot(answers, period: august, takenAt: exported)
        return (assembled.snapshot, issues + assembled.issues)
    }

    func unit(_ snapshot: NationalSnapshot, _ id: String) throws -> NationalUnitFigures {
        try #require(snapshot.units.first { $0.portalID == id })
    }

    @Test func eachEndpointIsRecognisedFromItsContent() {
        let expected = NationalGroup.allCases.map(\.endpoint) + ["service-results"]
        for (text, endpoint) in zip(F.all, expected) {
            let result = NationalAnswerReader.read(file("x.json", text))
            #expect(result.issues.isEmpty)
            #expect(result.answers.map(\.endpoint) == [endpoint])
            #expect(result.raws.map(\.endpoint) == [endpoint])
            #expect(result.raws.first?.bytes == Array(text.utf8))
        }
    }

    @Test func transparencyFiguresAreReadWithNullsKept() throws {
        let (snapshot, issues) = read([F.transparency])
        #expect(issues.isEmpty)
        #expect(snapshot.groupsPresent == [.transparency])
        #expect(!snapshot.isComplete)
        #expect(snapshot.provinceID == F.province)
        let province = try #require(snapshot.province)
        #expect(province.portalID == F.province)
        #expect(province.name == "Tỉnh Mẫu Sơn")
        #expect(province.level == "PROVINCE")
        let group = try #require(province.groups[.transparency])
        #expect(group.points == 16.42)
        #expect(group.maxPoints == 18)
        #expect(group.rate == 91.22)
        #expect(group.pointsChange == -0.35)
        #expect(group.metrics.count == 4)
        #expect(
            group.metric(.publishOnTime)
                == NationalMetric(
                    code: "PUBLISH_ON_TIME", indicator: .publishOnTime, name: "TTHC công bố đúng hạn", numerator: 118, denominator: 120, rate: 98.33,
                    points: 5.9, maxPoints: 6))
        #expect(group.metric(.publicUpdateOnTime)?.numerator == 400)
        #expect(group.metric(.publicUpdateOnTime)?.denominator == 412)
        #expect(group.metric(.publicUpdateOnTime)?.rate == 97.09)
        #expect(group.metric(.publicUpdateOnTime)?.points == 3.88)
        let empty = try #require(group.metric(.publicContentFull))
        #expect(empty.numerator == nil && empty.denominator == nil && empty.rate == nil && empty.points == nil)
        #expect(empty.maxPoints == 2)
        #expect(empty.dataQualityMessage == "Chưa có dữ liệu đánh giá")
        #expect(group.metric(.dossierSync)?.numerator == 15230)
        #expect(group.metric(.dossierSync)?.denominator == 15870)
        #expect(group.metric(.dossierSync)?.rate == 95.97)
        #expect(group.metric(.dossierSync)?.points == 5.76)

        let justice = try unit(snapshot, F.justice)
        #expect(!justice.isProvince)
        #expect(justice.name == "Sở Tư pháp - Tỉnh Mẫu Sơn")
        #expect(justice.groups[.transparency]?.points == 17.1)
        #expect(justice.groups[.transparency]?.rate == 95)
        #expect(justice.groups[.transparency]?.pointsChange == 0.4)
        #expect(justice.groups[.transparency]?.metric(.dossierSync)?.points == 5.88)
        // A unit the province does not know is kept, its nulls as nil.
        let unknown = try unit(snapshot, F.unknown)
        #expect(unknown.name == "Ban Quản lý dự án X")
        #expect(unknown.groups[.transparency]?.points == nil)
        #expect(unknown.groups[.transparency]?.maxPoints == 18)
        #expect(unknown.groups[.transparency]?.rate == nil)
        #expect(unknown.groups[.transparency]?.pointsChange == nil)
        #expect(unknown.groups[.transparency]?.metrics == [])
    }

    @Test func treesGiveTheirRawCountsAndGroupScores() throws {
        let (snapshot, issues) = read([F.timeliness, F.onlineService, F.onlinePayment])
        #expect(issues.isEmpty)
        #expect(snapshot.groupsPresent == [.timeliness, .onlineService, .onlinePayment])
        let province = try #require(snapshot.province)
        #expect(province.portalCode == "H44")
        let timeliness = try #require(province.groups[.timeliness])
        #expect(timeliness.points == 19.49 && timeliness.maxPoints == 20 && timeliness.rate == 97.43)
        #expect(timeliness.count("totalReceived") == 15870)
        #expect(timeliness.count("totalOnTime") == 15102)
        #expect(timeliness.count("totalCompleted") == 15500)
        #expect(timeliness.count("avgProcessingDays") == 3.41)
        #expect(timeliness.counts.count == 4)
        let online = try #require(province.groups[.onlineService])
        #expect(online.points == 10.5 && online.maxPoints == 12 && online.rate == 87.5)
        let onlineCounts: [String: Double?] = [
            "authorityCount": 1650, "partialCount": 700, "fullCount": 800, "onlineDossierCount": 9100, "onlineServiceTotal": 1500,
            "channelOnlineSum": 9100, "channelDirectSum": 6500, "channelPostalSum": 270, "channelTotalSum": 15870, "onlineOnTimeSum": 8900,
            "onlineOverdueSum": Double?.none,
        ]
        #expect(online.counts == onlineCounts)
        let payment = try #require(province.groups[.onlinePayment])
        #expect(payment.points == 7.25 && payment.maxPoints == 10 && payment.rate == 72.5)
        #expect(payment.count("totalDossierOnlinePaymentSuccess") == 4200)
        #expect(payment.count("totalDossierFinancialObligation") == 6000)
        #expect(payment.count("totalDossierOnlineFormalityPaymentSuccess") == 310)
        #expect(payment.count("totalFeeDossierFormality") == 400)
        #expect(payment.count("totalFeeDossierFormalityDistinct") == 380)
        #expect(payment.count("totalFeeFormality") == 420)

        let justice = try unit(snapshot, F.justice)
        #expect(justice.portalCode == "H44.07")
        #expect(justice.level == "PROVINCE")
        let justiceTime = try #require(justice.groups[.timeliness])
        #expect(justiceTime.points == 19.8 && justiceTime.maxPoints == 20 && justiceTime.rate == 99 && justiceTime.pointsChange == 0.2)
        #expect(justiceTime.count("totalReceived") == 1000 && justiceTime.count("totalOnTime") == 990 && justiceTime.count("totalOverdue") == 10)
        #expect(justiceTime.count("avgProcessingDays") == 2.5)
        let justiceOnline = try #require(justice.groups[.onlineService])
        #expect(justiceOnline.points == 11.2 && justiceOnline.rate == 93.33 && justiceOnline.pointsChange == 1.1 && justiceOnline.counts.isEmpty)

        let commune = try unit(snapshot, F.commune)
        #expect(commune.level == "COMMUNE")
        #expect(commune.portalCode == "H44.100")
        let communeTime = try #require(commune.groups[.timeliness])
        #expect(communeTime.points == nil && communeTime.rate == nil && communeTime.pointsChange == nil && communeTime.maxPoints == 20)
        #expect(communeTime.counts["avgProcessingDays"] == .some(nil))
        #expect(communeTime.count("totalReceived") == 0)
        let communePayment = try #require(commune.groups[.onlinePayment])
        #expect(communePayment.counts["totalDossierOnlinePaymentSuccess"] == .some(nil))
        #expect(communePayment.count("totalFeeFormality") == 3)
        #expect(communePayment.points == 4 && communePayment.pointsChange == nil)
        // The same units across answers are one unit each.
        #expect(snapshot.units.count == 3)
    }

    @Test func digitisationSatisfactionAndRankingAreRead() throws {
        let (snapshot, issues) = read([F.digitization, F.satisfaction, F.serviceResults])
        #expect(issues.isEmpty)
        #expect(snapshot.groupsPresent == [.digitization, .satisfaction])
        let province = try #require(snapshot.province)
        let digitization = try #require(province.groups[.digitization])
        #expect(digitization.points == 18.9 && digitization.maxPoints == 22 && digitization.rate == 85.91 && digitization.pointsChange == 0.9)
        #expect(digitization.metric(.eResult)?.numerator == 14000 && digitization.metric(.eResult)?.points == 5.42)
        #expect(digitization.metric(.digitizedDossier)?.denominator == 15870 && digitization.metric(.digitizedDossier)?.rate == 75.61)
        let copy = try #require(digitization.metric(.eCertifiedCopy))
        #expect(copy.numerator == nil && copy.denominator == nil && copy.rate == nil && copy.points == 2)
        let satisfaction = try #require(province.groups[.satisfaction])
        #expect(satisfaction.points == 16.8 && satisfaction.pointsChange == 0)
        #expect(satisfaction.count("totalPetitions") == 85 && satisfaction.count("classifiedPetitions") == 80)
        #expect(satisfaction.count("totalDossiers") == 15870)
        #expect(satisfaction.metrics.count == 5)
        #expect(satisfaction.metric(.petitionOnTime)?.rate == 94.12)
        #expect(satisfaction.metric(.petitionSatisfaction)?.points == 5.25)
        #expect(satisfaction.metric(.dossierSatisfaction)?.numerator == 5000)
        // Tracking codes worth 0 points are kept, with no indicator.
        let tracking = satisfaction.metrics.filter { $0.indicator == nil }
        #expect(tracking.map(\.code) == ["PETITION_CLASSIFICATION_TTHC", "PETITION_CLASSIFICATION_STAFF"])
        #expect(tracking.map(\.numerator) == [40, 5])

        let justice = try unit(snapshot, F.justice)
        #expect(justice.groups[.digitization]?.metric(.reusedDigitizedData)?.points == 0.75)
        #expect(justice.groups[.digitization]?.pointsChange == nil)

        #expect(snapshot.provinces.count == 3)
        let own = snapshot.provinces[0]
        #expect(own.portalID == F.province && own.portalCode == "H44" && own.name == "Tỉnh Mẫu Sơn" && own.total == 89.36)
        #expect(own.groupPoints[.transparency] == 16.42 && own.groupPoints[.timeliness] == 19.49 && own.groupPoints[.onlineService] == 10.5)
        #expect(own.groupPoints[.onlinePayment] == 7.25 && own.groupPoints[.digitization] == 18.9 && own.groupPoints[.satisfaction] == 16.8)
        #expect(snapshot.provinces[1].groupPoints[.satisfaction] == .some(nil))
        #expect(snapshot.provinces[1].total == 91.02)
        #expect(snapshot.provinces[2].total == nil)
        #expect(snapshot.provinces[2].groupPoints == [.transparency: 15])
    }

    @Test func allSixGroupsMakeACompleteSnapshotAndTheTotalIsTheSumOfGroups() throws {
        let (snapshot, issues) = read(F.all)
        #expect(issues.isEmpty)
        #expect(snapshot.isComplete)
        #expect(!snapshot.isProvisional)
        let province = try #require(snapshot.province)
        #expect(province.groups.count == 6)
        #expect(abs((province.total ?? 0) - 89.36) < 1e-9)
        #expect(snapshot.units.count == 4)
    }

    @Test func severalAnswersPerFileAsAnArrayOrJSONLines() throws {
        let array = "[" + F.all.joined(separator: ",\n") + "]"
        let arrayRead = NationalAnswerReader.read(file("tat-ca.json", array))
        #expect(arrayRead.issues.isEmpty)
        #expect(arrayRead.answers.count == 7)
        #expect(arrayRead.raws.map(\.source) == (1...7).map { "tat-ca.json#\($0)" })
        // Each raw answer is the bytes of that answer within the file.
        #expect(arrayRead.raws[0].bytes == Array(F.transparency.utf8))
        let compact = F.all.map { $0.replacingOccurrences(of: "\n", with: " ") }
        let lines = NationalAnswerReader.read(file("tat-ca.jsonl", compact.joined(separator: "\n") + "\n"))
        #expect(lines.issues.isEmpty)
        #expect(lines.answers.map(\.endpoint) == NationalAnswer.endpoints)
    }

    @Test func pagesOfTheSameEndpointAreMergedAndAMissingPageIsReported() throws {
        func page(_ n: Int, of total: Int, unit: String, id: String) -> String {
            """
            {"code":"OK","data":{"overview":{"departmentId":"\(F.province)","departmentName":"Tỉnh Mẫu Sơn","totalScore":16,"totalMaxScore":18,
            "metrics":[{"code":"DOSSIER_SYNC","numerator":1,"denominator":2,"ratio":50,"score":3,"maxScore":6}]},
            "evaluation":[{"departmentId":"\(id)","departmentName":"\(unit)","totalScore":\(n),"totalMaxScore":18,"metrics":[]}],
            "pagination":{"currentPage":\(n),"pageSize":1,"totalItems":\(total),"totalPages":\(total)}}}
            """
        }
        let (merged, issues) = read([page(2, of: 2, unit: "Sở Y tế", id: "u2"), page(1, of: 2, unit: "Sở Xây dựng", id: "u1")])
        #expect(issues.isEmpty)
        #expect(merged.groupsPresent == [.transparency])
        #expect(merged.units.map(\.name) == ["Tỉnh Mẫu Sơn", "Sở Xây dựng", "Sở Y tế"])
        #expect(merged.units.map { $0.groups[.transparency]?.points } == [16, 1, 2])

        let (partial, missing) = read([page(1, of: 3, unit: "Sở Xây dựng", id: "u1"), page(3, of: 3, unit: "Sở Y tế", id: "u3")])
        #expect(partial.groupsPresent.isEmpty)
        #expect(partial.units.count == 3)
        #expect(missing.count == 1)
        #expect(missing[0].message.contains("thiếu trang 2"))
        #expect(missing[0].field == "pagination")
    }

    @Test func badAnswersAndRowsAreReportedAndTheRestIsRead() throws {
        let badRow = F.timeliness.replacingOccurrences(of: "\"totalOverdue\": 10", with: "\"totalOverdue\": \"mười\"")
        let text = [
            "{\"code\": \"ERR_TIMEOUT\", \"data\": null}", F.transparency.replacingOccurrences(of: "\n", with: " "),
            "{\"code\": \"OK\", \"data\": {\"overview\": {", badRow.replacingOccurrences(of: "\n", with: " "),
            "{\"code\": \"OK\", \"data\": {\"something\": 1}}",
        ].joined(separator: "\n")
        let result = NationalAnswerReader.read(file("hon-hop.jsonl", text))
        #expect(result.answers.map(\.endpoint) == ["transparency", "dvc-progress-tree"])
        #expect(result.raws.count == 5)
        #expect(result.raws.map(\.endpoint) == [nil, "transparency", nil, "dvc-progress-tree", nil])
        #expect(result.issues.count == 4)
        let messages = result.issues.map(\.message)
        #expect(
            messages[0] == "hon-hop.jsonl, bản ghi 1 (dòng 1), trường code: cần \"OK\" (câu trả lời thành công của Cổng), nhận được \"ERR_TIMEOUT\"")
        #expect(result.issues[1].recordNumber == 3 && result.issues[1].line == 3 && result.issues[1].kind == .malformedJSON)
        #expect(result.issues[2].field == "data.children[0].totalOverdue")
        #expect(result.issues[2].expected == "số hoặc null")
        #expect(result.issues[2].found == "mười")
        #expect(result.issues[2].rawRecord.contains("\"departmentCode\":\"H44.07\""))
        #expect(result.issues[3].field == "data")
        // The bad row is left out; the others of its answer are read.
        guard case .group(_, let units) = result.answers[1].content else {
            Issue.record("expected a group")
            return
        }
        #expect(units.map(\.name) == ["Tỉnh Mẫu Sơn", "UBND xã An Bình"])
    }

    @Test func aFolderAndAZIPAreReadEntryByEntry() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-national-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("thang-08"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try F.transparency.write(to: dir.appendingPathComponent("thang-08/a.json"), atomically: true, encoding: .utf8)
        try F.satisfaction.write(to: dir.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        try "bỏ qua".write(to: dir.appendingPathComponent(".an.json"), atomically: true, encoding: .utf8)
        let folder = try NationalInputFile.files(atPath: dir.path)
        #expect(folder.map(\.name) == [dir.lastPathComponent + "/b.json", dir.lastPathComponent + "/thang-08/a.json"])

        let zip = XLSXFixture.zip([("thang-08/transparency.json", Array(F.transparency.utf8)), ("ranking.json", Array(F.serviceResults.utf8))])
        let zipPath = dir.appendingPathComponent("cong.zip").path
        #expect(FileManager.default.createFile(atPath: zipPath, contents: Data(zip)))
        let entries = try NationalInputFile.files(atPath: zipPath)
        #expect(entries.map(\.name) == ["cong.zip/ranking.json", "cong.zip/thang-08/transparency.json"])
        #expect(entries[1].bytes == Array(F.transparency.utf8))
        #expect(entries.flatMap { NationalAnswerReader.read($0).answers.map(\.endpoint) } == ["service-results", "transparency"])
    }

    @Test func aByteOrderMarkBeforeTheAnswerIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(F.transparency.utf8)
        let result = NationalAnswerReader.read(NationalInputFile(name: "bom.json", bytes: bytes))
        #expect(result.issues.isEmpty)
        #expect(result.answers.map(\.endpoint) == ["transparency"])
        #expect(result.raws.first?.bytes == Array(F.transparency.utf8))
    }

    @Test func aTimeOfExportWrittenInTheAnswerIsRead() {
        let text = "{\"code\":\"OK\",\"exportedAt\":\"2026-09-02T15:00:00+07:00\"," + F.serviceResults.dropFirst(14)
        let result = NationalAnswerReader.read(file("r.json", text))
        #expect(result.issues.isEmpty)
        #expect(NationalSnapshotAssembly.exportTime(result.answers) == exported)
    }

    @Test func paginationOfAnAnswerIsReadForTheFetch() {
        let text = #"{"code":"OK","data":{"evaluation":[],"pagination":{"currentPage":2,"pageSize":200,"totalItems":450}}}"#
        let pagination = NationalAnswerReader.pagination(of: Array(text.utf8))
        #expect(pagination == NationalPagination(currentPage: 2, pageSize: 200, totalPages: nil, totalItems: 450))
        #expect(pagination?.pageCount == 3)
        #expect(NationalAnswerReader.isOK(Array(text.utf8)))
        #expect(!NationalAnswerReader.isOK(Array(#"{"code":"ERR"}"#.utf8)))
    }
}
