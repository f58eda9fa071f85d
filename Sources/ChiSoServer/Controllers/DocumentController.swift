import ChiSoCore
import ChiSoIngest
import ChiSoReport
import ChiSoStore
import Hummingbird

/// Downloads of the official documents (the same files as `chiso report`), for the province office and
/// administrators: the documents cover every unit, so unit officers are refused.
struct DocumentController {
    let index: IndexService
    let configuration: ChiSoConfiguration

    static let routes: [RouteSpec] = [
        RouteSpec(
            .get, "/api/v1/documents/{type}",
            "Tải văn bản (monthly-notice, quarterly-comparison, targets, classification) dạng DOCX, XLSX hoặc HTML", tag: "documents",
            auth: .session, query: ["period", "format"],
            values: ["type": OfficialDocumentKind.allCases.map(\.rawValue), "format": DocumentFiles.Format.allCases.map(\.rawValue)],
            produces: DocumentFiles.Format.docx.contentType,
            answers: [
                RouteAnswer(
                    200, "Tệp văn bản theo định dạng yêu cầu",
                    DocumentFiles.Format.allCases.map { format in
                        (
                            String(format.contentType.prefix { $0 != ";" }),
                            format == .html ? OpenAPISchema.html : .object([("type", .string("string")), ("format", .string("binary"))])
                        )
                    })
            ])
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/documents/{type}") { request, context in
            let session = try context.requireSession()
            guard session.user.role != .unit else {
                throw HTTPError(.forbidden, message: "Văn bản tổng hợp toàn tỉnh chỉ dành cho Văn phòng UBND tỉnh và quản trị viên.")
            }
            let typeText = try context.pathParameter("type")
            guard let kind = OfficialDocumentKind(rawValue: typeText) else {
                throw HTTPError(.notFound, message: "Không có loại văn bản \(typeText).")
            }
            let formatText = request.uri.queryParameters.get("format") ?? "docx"
            guard let format = DocumentFiles.Format(rawValue: formatText) else {
                throw HTTPError(.badRequest, message: "Định dạng không hợp lệ: \(formatText) (docx, xlsx, html).")
            }
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let scoreboard = try await index.scoreboard(period)
            let lastYear = try await index.aggregation(period.sameLastYear)
            let sameLastYear = lastYear.hasNoDossiers ? nil : Scoreboard(methodology: scoreboard.methodology, current: lastYear)
            let settings = try await issuer()
            // How far back the data reach: a comparison with a period they cover only in part says so.
            let dataFrom = try await index.store.firstReception()?.localDate
            let composed: DocumentFiles.Composed
            do {
                composed = try DocumentFiles.compose(
                    DocumentFiles.Request(kind: kind, settings: settings, dataFrom: dataFrom), scoreboard: scoreboard, sameLastYear: sameLastYear)
            } catch {
                throw HTTPError(.unprocessableContent, message: "\(error)")
            }
            let bytes = try composed.bytes(format)
            var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            response.headers[.contentType] = format.contentType
            response.headers[.contentDisposition] = "attachment; filename=\"\(composed.stem).\(format.rawValue)\""
            return response
        }
    }

    /// The configured issuer, or generic settings whose province the documents take from the province unit
    /// ("UBND tỉnh Phước An" → "ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN", "VĂN PHÒNG") and whose recipients and signer are
    /// each document type's own.
    func issuer() async throws -> ReportSettings {
        if let name = configuration.reportSettings { return try ReportSettingsFile.resolve(name) }
        return ReportSettings.generic(province: "")
    }
}
