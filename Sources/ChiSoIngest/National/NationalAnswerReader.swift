public import ChiSoCore
import Foundation

/// Reads the portal's evaluation API answers (DOMAIN §7.1) from files saved as the portal returned them.
///
/// A file holds one answer (`{"code": "OK", "data": …}`), a JSON array of answers, or answers one after the
/// other (JSON lines, or pretty-printed). The endpoint is recognised from the shape of `data`:
/// * `overview` / `evaluation[]` with `metrics[]`: transparency, digitisation or satisfaction, by their metric
///   codes (satisfaction also by `totalPetitions`);
/// * `parent` / `children[]`: timeliness (`totalReceived`, `totalOnTime`...), online service (`authorityCount`,
///   `channelOnlineSum`...) or online payment (`totalDossierOnlinePaymentSuccess`...), by their count fields;
/// * rows with `groupScores`: `service-results`.
///
/// `null` stays nil, never 0. A bad answer (not OK, unrecognised) or a bad row (a figure that is not a number, a
/// unit without id, code or name) is an ``IngestIssue`` naming the file, the answer, the field and what was
/// expected; the rest is read.
public enum NationalAnswerReader {
    /// What a file gave: the answers read, every answer as received (the bad ones too), and the issues.
    public struct FileRead: Sendable {
        public var answers: [NationalAnswer] = []
        public var raws: [NationalRawAnswer] = []
        public var issues: [IngestIssue] = []

        public init() {}
    }

    /// Reads every answer of a file.
    public static func read(_ file: NationalInputFile) -> FileRead {
        var result = FileRead()
        // A byte order mark (files saved by Windows editors) is not part of the answers.
        let skip = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let pieces = file.bytes.withUnsafeBufferPointer { buffer in
            JSONParser.parseTopLevelValues(UnsafeBufferPointer(rebasing: buffer[skip...])).map { piece in
                (value: piece.value, range: (piece.range.lowerBound + skip)..<(piece.range.upperBound + skip))
            }
        }
        if pieces.isEmpty {
            result.issues.append(
                IngestIssue(
                    kind: .missingField, fileName: file.name, recordNumber: nil, line: nil,
                    expected: "câu trả lời JSON của Cổng {\"code\": \"OK\", \"data\": …}",
                    found: nil, rawRecord: RawRecord(text: "")))
            result.raws.append(NationalRawAnswer(endpoint: nil, source: file.name, bytes: file.bytes))
            return result
        }
        for (index, piece) in pieces.enumerated() {
            let bytes = Array(file.bytes[piece.range])
            let line = file.bytes[..<piece.range.lowerBound].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let text = RawRecord(bytes: bytes)
            let source = pieces.count == 1 ? file.name : "\(file.name)#\(index + 1)"
            let position = (record: index + 1, line: line)
            switch piece.value {
            case .failure(let error):
                result.issues.append(
                    IngestIssue(
                        kind: error.isInvalidUTF8 ? .invalidUTF8 : .malformedJSON, fileName: file.name, recordNumber: position.record,
                        line: position.line, expected: error.expected, found: error.found, rawRecord: text))
                result.raws.append(NationalRawAnswer(endpoint: nil, source: source, bytes: bytes))
            case .success(let value):
                var reader = AnswerReading(file: file.name, position: position, rawText: text)
                let answer = reader.answer(value, raw: NationalRawAnswer(endpoint: nil, source: source, bytes: bytes))
                result.issues += reader.issues
                if let answer {
                    result.answers.append(answer)
                    result.raws.append(answer.raw)
                } else {
                    result.raws.append(NationalRawAnswer(endpoint: nil, source: source, bytes: bytes))
                }
            }
        }
        return result
    }

    /// The `pagination` of an answer's bytes, or nil (used to ask for the following pages).
    public static func pagination(of bytes: [UInt8]) -> NationalPagination? {
        guard let value = try? JSONValue(parsing: bytes) else { return nil }
        var reader = AnswerReading(file: "", position: (1, 1), rawText: RawRecord(text: ""))
        return reader.pagination(value)
    }

    /// Whether an answer's bytes say `"code": "OK"`.
    public static func isOK(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONValue(parsing: bytes), case .string(let code)? = value["code"] else { return false }
        return code.uppercased() == "OK"
    }
}

/// Reading one answer; collects the issues of its rows.
struct AnswerReading {
    let file: String
    let position: (record: Int, line: Int)
    let rawText: RawRecord
    var issues: [IngestIssue] = []

    static let transparencyCodes: Set<String> = ["PUBLISH_ON_TIME", "PUBLIC_UPDATE_ON_TIME", "PUBLIC_CONTENT_FULL", "DOSSIER_SYNC"]
    static let digitizationCodes: Set<String> = [
        "ORIGINAL_RESULT_AVAILABLE", "SO_HOA_GIAY_TO_GIAI_QUYET", "REUSED_DIGITIZED_DATA", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
        "CITIZEN_DATA_CONNECTED_DOSSIER", "CITIZEN_DATA_CONNECTED_FORMALITY", "ELECTRONIC_CERTIFIED_COPY",
    ]
    static let satisfactionCodes: Set<String> = [
        "PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION", "DOSSIER_RECEIVING_SATISFACTION", "PETITION_CLASSIFICATION_TTHC",
        "PETITION_CLASSIFICATION_STAFF",
    ]
    static let timelinessFields: Set<String> = ["totalReceived", "totalOnTime", "totalCompleted", "totalOverdue", "avgProcessingDays"]
    static let onlineServiceFields: Set<String> = [
        "authorityCount", "partialCount", "fullCount", "onlineDossierCount", "onlineServiceTotal", "channelOnlineSum", "channelDirectSum",
        "channelPostalSum", "channelTotalSum", "onlineOnTimeSum", "onlineOverdueSum",
    ]
    static let onlinePaymentFields: Set<String> = [
        "totalDossierOnlinePaymentSuccess", "totalDossierFinancialObligation", "totalDossierOnlineFormalityPaymentSuccess",
        "totalFeeDossierFormality", "totalFeeDossierFormalityDistinct", "totalFeeFormality",
    ]
    static let satisfactionFields: Set<String> = ["totalPetitions", "classifiedPetitions", "totalDossiers"]
    /// Members of a row that are not raw counts.
    static let scoreFields: Set<String> = [
        "departmentId", "departmentName", "departmentCode", "departmentType", "departmentLevel", "level", "totalScore", "totalMaxScore",
        "score", "maxScore", "ratio", "scoreDelta", "metrics", "children", "rank", "groupScores", "dataQualityStatus", "dataQualityMessage",
    ]
    static let number = "số hoặc null"

    mutating func answer(_ value: JSONValue, raw: NationalRawAnswer) -> NationalAnswer? {
        guard case .object = value else {
            issue(.notAnObject, field: nil, expected: "đối tượng {\"code\": \"OK\", \"data\": …}", found: value.brief)
            return nil
        }
        let code = value["code"]
        guard case .string(let codeText)? = code, codeText.uppercased() == "OK" else {
            issue(.invalidValue, field: "code", expected: "\"OK\" (câu trả lời thành công của Cổng)", found: code?.brief)
            return nil
        }
        guard let data = value["data"], data != .null else {
            issue(.missingField, field: "data", expected: "dữ liệu của câu trả lời", found: nil)
            return nil
        }
        let takenAt = exportTime(value)
        let pagination = pagination(value)
        var raw = raw
        raw.page = pagination?.currentPage
        if let rows = serviceResultRows(data) {
            var provinces: [NationalProvinceResult] = []
            for (index, row) in rows.rows.enumerated() {
                if let province = province(row, path: "\(rows.path)[\(index)]") { provinces.append(province) }
            }
            raw.endpoint = NationalAnswer.serviceResultsEndpoint
            return NationalAnswer(content: .serviceResults(provinces), pagination: pagination, takenAt: takenAt, raw: raw)
        }
        guard case .object = data else {
            issue(
                .invalidValue, field: "data", expected: "đối tượng (overview/evaluation, parent/children) hoặc danh sách tỉnh có groupScores",
                found: data.brief)
            return nil
        }
        let isTree = data["parent"] != nil || data["children"] != nil
        let provinceRow = isTree ? data["parent"] : data["overview"]
        let rowsKey = isTree ? "children" : "evaluation"
        var rows: [JSONValue] = []
        switch data[rowsKey] {
        case nil, .null?: break
        case .array(let items)?: rows = items
        case let other?:
            issue(.invalidValue, field: "data.\(rowsKey)", expected: Expected.list, found: other.brief)
            return nil
        }
        guard let group = recognise(tree: isTree, province: provinceRow, rows: rows) else {
            issue(
                .invalidValue, field: "data",
                expected:
                    "câu trả lời của một điểm cuối đã biết (\(NationalAnswer.endpoints.joined(separator: ", "))), nhận ra theo mã chỉ tiêu hoặc trường số liệu",
                found: data.brief)
            return nil
        }
        if case .array? = data["monthlyChart"] {
        } else if let chart = data["monthlyChart"], chart != .null {
            issue(.invalidValue, field: "data.monthlyChart", expected: Expected.list, found: chart.brief)
        }
        var units: [NationalUnitFigures] = []
        let provinceKey = isTree ? "parent" : "overview"
        if let provinceRow, provinceRow != .null, let unit = unit(provinceRow, group: group, isProvince: true, path: "data.\(provinceKey)") {
            units.append(unit)
        }
        for (index, row) in rows.enumerated() {
            if let unit = unit(row, group: group, isProvince: false, path: "data.\(rowsKey)[\(index)]") { units.append(unit) }
        }
        raw.endpoint = group.endpoint
        return NationalAnswer(content: .group(group, units: units), pagination: pagination, takenAt: takenAt, raw: raw)
    }

    /// The group of an answer from its content.
    func recognise(tree: Bool, province: JSONValue?, rows: [JSONValue]) -> NationalGroup? {
        let all = [province].compactMap { $0 } + rows
        if tree {
            var fields: Set<String> = []
            for row in all { if case .object(let members) = row { fields.formUnion(members.map(\.key)) } }
            if !fields.isDisjoint(with: Self.onlinePaymentFields) { return .onlinePayment }
            if !fields.isDisjoint(with: Self.onlineServiceFields) { return .onlineService }
            if !fields.isDisjoint(with: Self.timelinessFields) { return .timeliness }
            return nil
        }
        var codes: Set<String> = []
        var fields: Set<String> = []
        for row in all {
            guard case .object(let members) = row else { continue }
            fields.formUnion(members.map(\.key))
            if case .array(let metrics)? = row["metrics"] {
                for metric in metrics { if case .string(let code)? = metric["code"] { codes.insert(code) } }
            }
        }
        if !codes.isDisjoint(with: Self.satisfactionCodes) || !fields.isDisjoint(with: Self.satisfactionFields) { return .satisfaction }
        if !codes.isDisjoint(with: Self.digitizationCodes) { return .digitization }
        if !codes.isDisjoint(with: Self.transparencyCodes) { return .transparency }
        return nil
    }

    /// One unit's row of a group's answer; nil (with an issue) when it cannot be read.
    mutating func unit(_ row: JSONValue, group: NationalGroup, isProvince: Bool, path: String) -> NationalUnitFigures? {
        guard case .object(let members) = row else {
            issue(.notAnObject, field: path, expected: Expected.object, found: row.brief)
            return nil
        }
        do throws(FieldFailure) {
            let id = try members.text("departmentId", in: path)
            let code = try members.text("departmentCode", in: path)
            let name = try members.text("departmentName", in: path)
            guard let label = name ?? code ?? id else {
                throw .missing(path + ".departmentName", expected: "tên, mã hoặc id của đơn vị (departmentName, departmentCode, departmentId)")
            }
            var level = try members.text("departmentLevel", in: path)
            if level == nil { level = try members.text("level", in: path) }
            if level == nil { level = try members.text("departmentType", in: path) }
            var figures = NationalGroupFigures(
                points: try number(members, ["totalScore", "score"], path), maxPoints: try number(members, ["totalMaxScore", "maxScore"], path),
                rate: try number(members, ["ratio"], path), pointsChange: try number(members, ["scoreDelta"], path))
            if let metrics = members.value("metrics") {
                for (index, metric) in try metrics.list(path + ".metrics").enumerated() {
                    figures.metrics.append(try self.metric(metric, path: "\(path).metrics[\(index)]"))
                }
            }
            for member in members where !Self.scoreFields.contains(member.key) {
                switch member.value {
                case .null, .number: figures.counts[member.key] = .some(try number(members, [member.key], path))
                case .string(let text) where Double(Text.trimmed(text)) != nil:
                    figures.counts[member.key] = .some(try number(members, [member.key], path))
                default:
                    if Self.countFields(group).contains(member.key) {
                        throw .invalid(path + "." + member.key, expected: Self.number, found: member.value.brief)
                    }
                }
            }
            return NationalUnitFigures(
                portalID: id, portalCode: code, name: label, level: level, isProvince: isProvince, groups: [group: figures])
        } catch {
            issue(error.kind, field: error.field, expected: error.expected, found: error.found, raw: row)
            return nil
        }
    }

    static func countFields(_ group: NationalGroup) -> Set<String> {
        switch group {
        case .timeliness: return timelinessFields
        case .onlineService: return onlineServiceFields
        case .onlinePayment: return onlinePaymentFields
        case .satisfaction: return satisfactionFields
        case .transparency, .digitization: return []
        }
    }

    func metric(_ value: JSONValue, path: String) throws(FieldFailure) -> NationalMetric {
        let members = try value.members(path)
        guard let code = try members.text("code", in: path) else { throw .missing(path + ".code", expected: "mã chỉ tiêu của Cổng") }
        var message = try members.text("dataQualityMessage", in: path)
        if message == nil, let status = try members.text("dataQualityStatus", in: path), status.uppercased() != "OK" { message = status }
        return NationalMetric(
            code: code, indicator: Indicator(portalMetricCode: code), name: try members.text("name", in: path),
            numerator: try number(members, ["numerator"], path), denominator: try number(members, ["denominator"], path),
            rate: try number(members, ["ratio"], path), points: try number(members, ["score"], path),
            maxPoints: try number(members, ["maxScore"], path), dataQualityMessage: message)
    }

    /// The rows of a `service-results` answer: `data` as a list, or the list in `data` whose rows have `groupScores`.
    func serviceResultRows(_ data: JSONValue) -> (rows: [JSONValue], path: String)? {
        func hasGroupScores(_ rows: [JSONValue]) -> Bool { rows.contains { $0["groupScores"] != nil } }
        if case .array(let rows) = data, rows.isEmpty || hasGroupScores(rows) { return (rows, "data") }
        guard case .object(let members) = data else { return nil }
        for member in members {
            if case .array(let rows) = member.value, hasGroupScores(rows) { return (rows, "data." + member.key) }
        }
        return nil
    }

    mutating func province(_ row: JSONValue, path: String) -> NationalProvinceResult? {
        guard case .object(let members) = row else {
            issue(.notAnObject, field: path, expected: Expected.object, found: row.brief)
            return nil
        }
        do throws(FieldFailure) {
            let id = try members.text("departmentId", in: path)
            let code = try members.text("departmentCode", in: path)
            guard let name = try members.text("departmentName", in: path) ?? code ?? id else {
                throw .missing(path + ".departmentName", expected: "tên, mã hoặc id của tỉnh")
            }
            var points: [NationalGroup: Double?] = [:]
            if let scores = members.value("groupScores"), scores != .null {
                let scoreMembers = try scores.members(path + ".groupScores")
                for group in NationalGroup.allCases where scoreMembers.value(group.serviceResultsKey) != nil {
                    points[group] = .some(try number(scoreMembers, [group.serviceResultsKey], path + ".groupScores"))
                }
            }
            return NationalProvinceResult(
                portalID: id, portalCode: code, name: name, total: try number(members, ["totalScore", "score"], path), groupPoints: points)
        } catch {
            issue(error.kind, field: error.field, expected: error.expected, found: error.found, raw: row)
            return nil
        }
    }

    /// The first of `keys` present, as a number; nil when absent or null.
    func number(_ members: [JSONMember], _ keys: [String], _ path: String) throws(FieldFailure) -> Double? {
        for key in keys {
            guard let value = members.value(key) else { continue }
            switch value {
            case .null: return nil
            case .number(let lexeme):
                if let number = Double(lexeme) { return number }
            case .string(let text):
                let trimmed = Text.trimmed(text)
                if trimmed.isEmpty { return nil }
                if let number = Double(trimmed) ?? Double(trimmed.replacingOccurrences(of: ",", with: ".")) { return number }
            default: break
            }
            throw .invalid(path + "." + key, expected: Self.number, found: value.brief)
        }
        return nil
    }

    /// The answer's `pagination` (in `data` or beside it).
    mutating func pagination(_ answer: JSONValue) -> NationalPagination? {
        guard let value = answer["data"]?["pagination"] ?? answer["pagination"], case .object(let members) = value else { return nil }
        func integer(_ keys: [String]) -> Int? {
            for key in keys {
                if let value = members.value(key), let integer = try? value.integer(key) { return integer }
            }
            return nil
        }
        return NationalPagination(
            currentPage: integer(["currentPage", "page", "pageNumber", "pageIndex"]) ?? 1, pageSize: integer(["pageSize", "size", "limit"]),
            totalPages: integer(["totalPages", "totalPage", "pageCount"]),
            totalItems: integer(["totalItems", "totalElements", "totalRecords", "total"]))
    }

    /// A time of export written in the answer: `timestamp`, `exportedAt` or `takenAt`, as epoch milliseconds or
    /// seconds, ISO 8601 (`2026-09-02T15:00:00+07:00`, local time without an offset) or `yyyyMMddHHmmss`.
    mutating func exportTime(_ answer: JSONValue) -> Instant? {
        for key in ["exportedAt", "takenAt", "timestamp"] {
            guard let value = answer[key], value != .null else { continue }
            if let instant = NationalTime.instant(value) { return instant }
            issue(
                .invalidValue, field: key, expected: "thời điểm dạng ISO 8601 (2026-09-02T15:00:00+07:00), yyyyMMddHHmmss hoặc số mili giây",
                found: value.brief)
        }
        return nil
    }

    mutating func issue(_ kind: IngestIssue.Kind, field: String?, expected: String, found: String?, raw: JSONValue? = nil) {
        issues.append(
            IngestIssue(
                kind: kind, fileName: file, recordNumber: position.record, line: position.line, field: field, expected: expected, found: found,
                rawRecord: raw.map { RawRecord(text: $0.jsonText) } ?? rawText))
    }
}

/// Times of export as the answers and tables write them.
enum NationalTime {
    static func instant(_ value: JSONValue) -> Instant? {
        switch value {
        case .number(let lexeme):
            guard let number = Double(lexeme), number > 0 else { return nil }
            // Milliseconds since 1970 beyond year 2286 in seconds.
            return Instant(secondsSinceEpoch: Int64(number > 1e11 ? number / 1000 : number))
        case .string(let text): return instant(text)
        default: return nil
        }
    }

    static func instant(_ text: String) -> Instant? {
        let text = Text.trimmed(text)
        if let instant = CSVCells.parseInstant(text) { return instant }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Instant(secondsSinceEpoch: Int64(date.timeIntervalSince1970)) }
        }
        return nil
    }
}

extension JSONValue {
    /// The value written back as compact JSON, for the quarantine.
    var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let lexeme): return lexeme
        case .string(let text): return JSONString.quoted(text)
        case .array(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { JSONString.quoted($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        }
    }

}
