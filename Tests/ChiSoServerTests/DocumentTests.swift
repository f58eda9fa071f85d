import ChiSoCore
import ChiSoReport
import ChiSoServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct DocumentDownloadTests {
    @Test func officeDownloadsTheDocumentsUnitOfficersCannot() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("D1-260803-0001"))]")
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/documents/classification?period=2026-07&format=docx", method: .get, headers: Fixture.cookie("office")
            ) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == DocumentFiles.Format.docx.contentType)
                #expect(response.headers[.contentDisposition]?.contains("xep-loai-2026-07.docx") == true)
                // A DOCX is a ZIP package: it starts with the local file header signature.
                #expect(Array(response.body.readableBytesView.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
            }
            try await client.execute(
                uri: "/api/v1/documents/monthly-notice?period=2026-07&format=html", method: .get, headers: Fixture.cookie("admin")
            ) {
                response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("THÔNG BÁO"))
                #expect(html.contains("Sở Tư pháp"))
            }
            try await client.execute(uri: "/api/v1/documents/targets?period=2026-07&format=xlsx", method: .get, headers: Fixture.cookie("d1")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/documents/classification?period=2026-07", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/documents/nope?period=2026-07", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/documents/targets?period=2026-07&format=pdf", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func aComparisonOfAPeriodTheDataCoverInPartSaysSo() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("D1-260803-0001"))]")
            ) {
                #expect($0.status == .ok)
            }
            // The fixture's dossiers begin on 6 July: the third quarter is covered from then on, not from 1 July.
            try await client.execute(
                uri: "/api/v1/documents/quarterly-comparison?period=2026-Q3&format=html", method: .get, headers: Fixture.cookie("office")
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("bắt đầu từ ngày 06/07/2026, sau ngày đầu của quý III/2026; số liệu của kỳ chưa đầy đủ"))
            }
        }
    }
}
