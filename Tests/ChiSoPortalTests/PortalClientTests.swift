import ChiSoCore
import ChiSoIngest
import ChiSoPortal
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A stand-in for the portal on loopback: answers the evaluation endpoints in the portal's shapes (DOMAIN §7.1),
/// records the request bodies, and can fail a number of times or never answer.
actor FakePortal {
    var bodies: [String: [String]] = [:]
    var attempts: [String: Int] = [:]
    let failures: [String: Int]
    let hanging: Set<String>

    init(failures: [String: Int] = [:], hanging: Set<String> = []) {
        self.failures = failures
        self.hanging = hanging
    }

    func record(_ endpoint: String, body: String) -> Int {
        bodies[endpoint, default: []].append(body)
        attempts[endpoint, default: 0] += 1
        return attempts[endpoint]!
    }

    static func answer(_ endpoint: String, page: Int) -> String {
        let metrics: [String: String] = [
            "transparency": "PUBLISH_ON_TIME", "dossier-digitized": "ORIGINAL_RESULT_AVAILABLE",
            "handling-satisfaction": "PETITION_PROCESSING_ON_TIME",
        ]
        if let code = metrics[endpoint] {
            let pages = endpoint == "transparency" ? 2 : 1
            return """
                {"code":"OK","data":{"overview":{"departmentId":"root","departmentName":"Tỉnh Mẫu Sơn","totalScore":10,"totalMaxScore":18,
                "metrics":[{"code":"\(code)","numerator":1,"denominator":2,"ratio":50,"score":3,"maxScore":6}]},
                "evaluation":[{"departmentId":"u\(page)","departmentName":"Sở \(page)","totalScore":\(page),"totalMaxScore":18,"metrics":[]}],
                "pagination":{"currentPage":\(page),"pageSize":1,"totalItems":\(pages),"totalPages":\(pages)}}}
                """
        }
        let counts: [String: String] = [
            "dvc-progress-tree": "\"totalReceived\":100,\"totalOnTime\":90", "provide-online-tree": "\"channelOnlineSum\":50",
            "formality-online-payment-tree": "\"totalFeeFormality\":7",
        ]
        if let count = counts[endpoint] {
            return """
                {"code":"OK","data":{"parent":{"departmentId":"root","departmentName":"Tỉnh Mẫu Sơn","departmentCode":"H44",\(count),
                "totalScore":9,"totalMaxScore":10},"children":[]}}
                """
        }
        return """
            {"code":"OK","data":[{"departmentId":"root","departmentName":"Tỉnh Mẫu Sơn","totalScore":88.1,
            "groupScores":{"CKMB":16,"TDGQ":19,"CLGQ":10,"TTTT":8,"MDSH":19,"MDHL":16.1}}]}
            """
    }

    nonisolated func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/api/v1/reporting/evaluation/{name}") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = String(buffer: buffer)
            let attempt = await self.record(name, body: body)
            if self.hanging.contains(name) {
                try await Task.sleep(for: .seconds(4))
            }
            if attempt <= self.failures[name, default: 0] {
                return Response(status: .serviceUnavailable)
            }
            let page = body.contains("\"currentPage\":2") ? 2 : 1
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: FakePortal.answer(name, page: page))))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

/// Records the waits between attempts instead of waiting.
actor Waits {
    var values: [Duration] = []
    func add(_ value: Duration) { values.append(value) }
}

@Suite struct PortalClientTests {
    let august = Period.month(2026, 8)

    func options(port: Int?, timeout: Int64 = 10, retries: Int = 3) -> PortalFetchOptions {
        PortalFetchOptions(
            baseURL: "http://127.0.0.1:\(port ?? 0)/", provinceID: "root", timeoutSeconds: timeout, retries: retries,
            initialBackoff: .milliseconds(200))
    }

    @Test func everyEndpointAndEveryPageIsTakenWithThePortalsRequestBodies() async throws {
        let portal = FakePortal()
        try await portal.application().test(.live) { client in
            let answers = try await PortalClient(options: options(port: client.port)).fetch(period: august, sleep: { _ in })
            #expect(answers.map(\.endpoint) == ["transparency", "transparency"] + NationalAnswer.endpoints.dropFirst())
            #expect(answers.map(\.page) == [1, 2, 1, 1, 1, 1, 1, 1])
            #expect(answers[0].url == "http://127.0.0.1:\(client.port!)/api/v1/reporting/evaluation/transparency")
            for answer in answers { #expect(NationalAnswerReader.isOK(answer.bytes)) }
        }
        let bodies = await portal.bodies
        #expect(
            bodies["transparency"] == [
                #"{"timeType":"month","year":2026,"month":8,"rootDepartmentId":"root","currentPage":1,"pageSize":200}"#,
                #"{"timeType":"month","year":2026,"month":8,"rootDepartmentId":"root","currentPage":2,"pageSize":200}"#,
            ])
        #expect(
            bodies["handling-satisfaction"] == [
                #"{"fromDate":"2026-08-01","toDate":"2026-08-31","rootDepartmentId":"root","currentPage":1,"pageSize":200}"#
            ])
        #expect(bodies.keys.sorted() == NationalAnswer.endpoints.sorted())
    }

    @Test func anEndpointThatFailsTwiceIsRetriedWithExponentialBackOff() async throws {
        let portal = FakePortal(failures: ["dvc-progress-tree": 2])
        let waits = Waits()
        try await portal.application().test(.live) { client in
            let answers = try await PortalClient(options: options(port: client.port)).fetch(
                period: august, sleep: { await waits.add($0) })
            #expect(answers.filter { $0.endpoint == "dvc-progress-tree" }.count == 1)
            #expect(answers.count == 8)
        }
        #expect(await waits.values == [.milliseconds(200), .milliseconds(400)])
        #expect(await portal.attempts["dvc-progress-tree"] == 3)
    }

    @Test func anEndpointThatNeverAnswersFailsTheFetchWithAClearMessage() async throws {
        let portal = FakePortal(hanging: ["provide-online-tree"])
        try await portal.application().test(.live) { client in
            let fetch = PortalClient(options: options(port: client.port, timeout: 1, retries: 1))
            await #expect {
                try await fetch.fetch(period: august, sleep: { _ in })
            } throws: { error in
                let message = "\(error)"
                return message.hasPrefix("Không lấy được số liệu từ Cổng dịch vụ công quốc gia:")
                    && message.contains("provide-online-tree (trang 1) không trả lời được sau 2 lần thử (quá thời gian chờ)")
                    && message.hasSuffix("Không có số liệu nào được lưu.")
            }
        }
        #expect(await portal.attempts["provide-online-tree"] == 2)
        // Nothing after the failed endpoint was asked.
        #expect(await portal.attempts["formality-online-payment-tree"] == nil)
    }

    @Test func anUnreachablePortalIsReportedInVietnamese() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let portal = FakePortal()
        let closedPort = try await portal.application().test(.live) { client in client.port }
        let fetch = PortalClient(options: options(port: closedPort, timeout: 2, retries: 2))
        let waits = Waits()
        await #expect {
            try await fetch.fetch(period: august, sleep: { await waits.add($0) })
        } throws: { error in
            "\(error)".contains("transparency (trang 1) không trả lời được sau 3 lần thử")
        }
        #expect(await waits.values == [.milliseconds(200), .milliseconds(400)])
    }

    @Test func requestBodiesForQuartersAndYearsAndRefusalOfOtherPeriods() throws {
        let client = PortalClient(options: PortalFetchOptions(provinceID: nil))
        #expect(
            String(decoding: try client.body(endpoint: "transparency", period: .quarter(2026, 3), page: 1), as: UTF8.self)
                == #"{"timeType":"quarter","year":2026,"quarter":3,"currentPage":1,"pageSize":200}"#)
        #expect(
            String(decoding: try client.body(endpoint: "service-results", period: .year(2026), page: 3), as: UTF8.self)
                == #"{"timeType":"year","year":2026,"currentPage":3,"pageSize":200}"#)
        #expect(throws: PortalFetchError.self) { try client.body(endpoint: "transparency", period: .halfYear(2026, 1), page: 1) }
    }
}
