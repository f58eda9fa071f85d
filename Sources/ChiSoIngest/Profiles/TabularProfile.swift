public import ChiSoCore
import Foundation
import Yams

/// A column-mapping profile: how a province's spreadsheet export (CSV or XLSX, Vietnamese headers) becomes
/// dossiers. The same profile reads the CSV and the XLSX form of an export.
///
/// Profiles are YAML files (see `Resources/profiles/mot-cua-pho-bien.yaml`, which documents every key):
///
/// ```yaml
/// id: tinh-x
/// name: Xuất hồ sơ từ hệ thống một cửa tỉnh X
/// date_formats: ["dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy"]   # every date column, unless it says otherwise
/// columns:
///   code: ["Mã hồ sơ", "Số hồ sơ"]                       # accepted header spellings
///   procedure_code: "Mã TTHC"
///   unit_code: ["Đơn vị xử lý", "Mã đơn vị"]
///   received_at: { headers: ["Ngày tiếp nhận"], date_formats: ["dd/MM/yyyy HH:mm"] }
///   status: "Trạng thái"
/// status:
///   codes: dvcqg                                         # optional: the DVCQG codes 1–10
///   values: { "Đã trả kết quả": returned, "Đang xử lý": processing }
/// ```
///
/// Headers are matched exactly after trimming and NFC (case and diacritics count); values (status, channel,
/// flags...) are matched after trimming, NFC and lower-casing. Columns that the profile does not name are ignored.
public struct TabularProfile: Hashable, Sendable {
    /// A dossier fact a column can carry.
    public enum Field: String, Hashable, Sendable, CaseIterable {
        case code, procedureCode = "procedure_code", unitCode = "unit_code", channel, applicant
        case submittedAt = "submitted_at", receivedAt = "received_at", dueAt = "due_at", processedAt = "processed_at"
        case returnedAt = "returned_at", status, fee, paidOnline = "paid_online", digitized, reused
        case fromDataStore = "from_data_store", electronicResult = "electronic_result", vneid, synced
        case supplementRequestedAt = "supplement_requested_at", supplementSuppliedAt = "supplement_supplied_at"

        /// Whether the field holds a date or a date-time.
        public var isDate: Bool {
            switch self {
            case .submittedAt, .receivedAt, .dueAt, .processedAt, .returnedAt, .supplementRequestedAt, .supplementSuppliedAt: true
            default: false
            }
        }
    }

    /// The fields every profile must map.
    public static let requiredFields: [Field] = [.code, .procedureCode, .unitCode, .receivedAt, .status]

    /// How one field is found and read.
    public struct Column: Hashable, Sendable {
        /// Accepted header spellings, trimmed and in NFC, in order of preference.
        public var headers: [String]
        /// Date patterns tried in order (date fields only); the canonical `yyyy-MM-dd HH:mm:ss` and `yyyy-MM-dd`
        /// are always accepted after them.
        public var dateFormats: [DatePattern]

        public init(headers: [String], dateFormats: [DatePattern] = []) {
            self.headers = headers.map { Text.nfc(Text.trimmed($0)) }
            self.dateFormats = dateFormats
        }
    }

    /// The profile's id (its file name without `.yaml` for built-in ones).
    public var id: String
    /// A human-readable name.
    public var name: String
    /// The worksheet to read in XLSX files; the first one when nil.
    public var sheet: String?
    /// The columns of each mapped field.
    public var columns: [Field: Column]
    /// Status values (lower-cased) to states; unknown values quarantine the record.
    public var statusMapping: StatusMapping
    /// Channel values (lower-cased) to channels.
    public var channels: [String: Dossier.Channel]
    /// Applicant values (lower-cased) to applicant kinds.
    public var applicants: [String: Dossier.Applicant]
    /// Online payment values (lower-cased) to payment kinds.
    public var payments: [String: Dossier.Payment]
    /// Flag values (lower-cased) read as true and as false.
    public var trueValues: Set<String>
    public var falseValues: Set<String>
    /// Whether dossiers count as synced to the national portal when there is no synced column (or it is empty).
    public var syncedDefault: Bool

    /// Default channel spellings: 1/2/3 and the Vietnamese names.
    public static let defaultChannels: [String: Dossier.Channel] = [
        "1": .inPerson, "2": .online, "3": .postal, "trực tiếp": .inPerson, "trực tuyến": .online, "bưu chính": .postal,
        "bưu chính công ích": .postal, "qua bưu chính công ích": .postal, "nộp trực tiếp": .inPerson, "nộp trực tuyến": .online,
    ]
    /// Default applicant spellings.
    public static let defaultApplicants: [String: Dossier.Applicant] = [
        "1": .citizen, "2": .business, "công dân": .citizen, "cá nhân": .citizen, "doanh nghiệp": .business, "tổ chức": .business,
    ]
    /// Default online payment spellings: 0/1/2 (as `DuocThanhToanTrucTuyen`) and yes/no.
    public static let defaultPayments: [String: Dossier.Payment] = [
        "0": .notOnline, "1": .nationalPortal, "2": .provincialGateway, "không": .notOnline, "false": .notOnline,
        "có": .nationalPortal, "true": .nationalPortal, "x": .nationalPortal,
    ]
    /// Default true and false flag spellings (`TRUE`/`FALSE` is how XLSX booleans are read).
    public static let defaultTrueValues: Set<String> = ["1", "true", "có", "x", "đã số hóa", "yes"]
    public static let defaultFalseValues: Set<String> = ["0", "false", "không", "no", "chưa"]

    /// Creates a profile; values are normalised (trimmed, NFC, lower-cased).
    public init(
        id: String, name: String = "", sheet: String? = nil, columns: [Field: Column], statusMapping: StatusMapping,
        channels: [String: Dossier.Channel] = TabularProfile.defaultChannels,
        applicants: [String: Dossier.Applicant] = TabularProfile.defaultApplicants,
        payments: [String: Dossier.Payment] = TabularProfile.defaultPayments,
        trueValues: Set<String> = TabularProfile.defaultTrueValues, falseValues: Set<String> = TabularProfile.defaultFalseValues,
        syncedDefault: Bool = false
    ) {
        self.id = id
        self.name = name
        self.sheet = sheet
        self.columns = columns
        var states: [String: Dossier.State] = [:]
        for (code, state) in statusMapping.states { states[TabularProfile.key(code)] = state }
        self.statusMapping = StatusMapping(states)
        self.channels = Dictionary(channels.map { (TabularProfile.key($0.key), $0.value) }, uniquingKeysWith: { $1 })
        self.applicants = Dictionary(applicants.map { (TabularProfile.key($0.key), $0.value) }, uniquingKeysWith: { $1 })
        self.payments = Dictionary(payments.map { (TabularProfile.key($0.key), $0.value) }, uniquingKeysWith: { $1 })
        self.trueValues = Set(trueValues.map(TabularProfile.key))
        self.falseValues = Set(falseValues.map(TabularProfile.key))
        self.syncedDefault = syncedDefault
    }

    /// A value as looked up in the value tables: trimmed, NFC, lower-cased.
    static func key(_ text: String) -> String { Text.nfc(Text.trimmed(text)).lowercased() }

    /// The header spellings of the required fields that a header lacks, one entry per field (its spellings
    /// joined by " / ").
    public func missingRequiredColumns(in header: [String]) -> [String] {
        let names = Set(header.map { Text.nfc(Text.trimmed($0)) })
        return TabularProfile.requiredFields.compactMap { field in
            guard let column = columns[field] else { return field.rawValue }
            return column.headers.contains(where: names.contains) ? nil : column.headers.joined(separator: " / ")
        }
    }

    /// Whether a header has every required column of the profile.
    public func matches(header: [String]) -> Bool { missingRequiredColumns(in: header).isEmpty }
}

// MARK: - Files

extension TabularProfile {
    /// Ids of the profiles shipped with ChiSo.
    public static let builtInIDs = ["mot-cua-pho-bien"]

    /// The built-in profile with an id.
    ///
    /// - Throws: `DataFileError` when no such profile is shipped.
    public static func builtIn(_ id: String) throws(DataFileError) -> TabularProfile {
        guard builtInIDs.contains(id),
            let url = Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Resources/profiles")
        else {
            throw DataFileError(file: id, reason: "không có hồ sơ ánh xạ cột tích hợp tên này (có: \(builtInIDs.joined(separator: ", ")))")
        }
        return try load(path: url.path, displayName: "\(id).yaml")
    }

    /// Every built-in profile.
    public static func builtIns() throws(DataFileError) -> [TabularProfile] {
        var profiles: [TabularProfile] = []
        for id in builtInIDs { profiles.append(try builtIn(id)) }
        return profiles
    }

    /// A built-in profile id or a path to a profile file (what `chiso import --profile P` takes).
    public static func resolve(_ idOrPath: String) throws(DataFileError) -> TabularProfile {
        builtInIDs.contains(idOrPath) ? try builtIn(idOrPath) : try load(path: idOrPath)
    }

    /// Reads and validates a profile file.
    public static func load(path: String, displayName: String? = nil) throws(DataFileError) -> TabularProfile {
        let name = displayName ?? path
        return try parse(try DataFileError.text(ofFile: path, name: name), file: name)
    }

    /// Parses and validates profile YAML text.
    ///
    /// - Throws: `DataFileError` naming the file, line and entry: an unknown key or target field, a required
    ///   field (code, procedure_code, unit_code, received_at, status) without a column, an empty header list, a
    ///   bad date pattern, an unknown state, channel, applicant or payment value, or no status values.
    public static func parse(_ text: String, file: String) throws(DataFileError) -> TabularProfile {
        let root = try YAMLNode.parse(text, file: file)
        guard root.node.mapping != nil else { throw root.fail("cần một bảng khóa–giá trị") }
        let knownKeys: Set<String> = [
            "id", "name", "description", "sheet", "date_formats", "synced_default", "columns", "status", "channel_values",
            "applicant_values", "payment_values", "true_values", "false_values",
        ]
        for (key, value) in root.entries where !knownKeys.contains(key) {
            throw value.fail("khóa không biết \"\(key)\" (các khóa: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        let id = try root.child("id")?.string() ?? fileStem(file)
        let name = try root.child("name")?.string() ?? id
        let sheet = try root.child("sheet")?.string()
        var defaultFormats: [DatePattern] = []
        if let node = root.child("date_formats") { defaultFormats = try patterns(node) }

        let columnsNode = try root.required("columns")
        guard columnsNode.node.mapping != nil else { throw columnsNode.fail("cần một bảng trường → tên cột") }
        var columns: [Field: Column] = [:]
        for (key, node) in columnsNode.entries {
            guard let field = Field(rawValue: key) else {
                throw node.fail(
                    "trường đích không biết \"\(key)\" (các trường: \(Field.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var headersNode = node
            var formats = defaultFormats
            if node.node.mapping != nil {
                for (subkey, value) in node.entries where subkey != "headers" && subkey != "date_formats" {
                    throw value.fail("khóa không biết \"\(subkey)\" (cần headers, date_formats)")
                }
                headersNode = try node.required("headers")
                if let formatsNode = node.child("date_formats") {
                    guard field.isDate else { throw formatsNode.fail("date_formats chỉ dùng cho cột ngày") }
                    formats = try patterns(formatsNode)
                }
            }
            let headers = try strings(headersNode)
            guard !headers.isEmpty, !headers.contains(where: { Text.trimmed($0).isEmpty }) else {
                throw headersNode.fail("cần ít nhất một tên cột không rỗng")
            }
            columns[field] = Column(headers: headers, dateFormats: field.isDate ? formats : [])
        }
        let missing = requiredFields.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw columnsNode.fail("thiếu ánh xạ bắt buộc cho \(missing.map(\.rawValue).joined(separator: ", "))")
        }

        let statusNode = try root.required("status")
        var mapping = StatusMapping([:])
        if let codes = statusNode.child("codes") {
            guard try codes.string() == "dvcqg" else { throw codes.fail("chỉ có bộ mã dvcqg") }
            mapping = .dvcqg
        }
        if let values = statusNode.child("values") {
            guard values.node.mapping != nil else { throw values.fail("cần một bảng giá trị → trạng thái") }
            for (value, node) in values.entries {
                let stateName = try node.string()
                guard let state = Dossier.State(rawValue: stateName) else {
                    throw node.fail(
                        "trạng thái không biết \"\(stateName)\" (có: \(Dossier.State.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                mapping.set(state, for: key(value))
            }
        }
        for (key, value) in statusNode.entries where key != "codes" && key != "values" {
            throw value.fail("khóa không biết \"\(key)\" (cần codes, values)")
        }
        guard !mapping.states.isEmpty else { throw statusNode.fail("cần codes: dvcqg hoặc ít nhất một giá trị trong values") }

        let channels = try values(
            root.child("channel_values"), defaults: defaultChannels,
            names: ["in_person": .inPerson, "online": .online, "postal": .postal])
        let applicants = try values(
            root.child("applicant_values"), defaults: defaultApplicants, names: ["citizen": .citizen, "business": .business])
        let payments = try values(
            root.child("payment_values"), defaults: defaultPayments,
            names: ["not_online": .notOnline, "national_portal": .nationalPortal, "provincial_gateway": .provincialGateway])
        var trueValues = defaultTrueValues
        var falseValues = defaultFalseValues
        if let node = root.child("true_values") { trueValues.formUnion(try strings(node).map(key)) }
        if let node = root.child("false_values") { falseValues.formUnion(try strings(node).map(key)) }
        if let both = trueValues.intersection(falseValues).first {
            throw (root.child("true_values") ?? root).fail("giá trị \"\(both)\" vừa là đúng vừa là sai")
        }
        var syncedDefault = false
        if let node = root.child("synced_default") {
            let text = try node.string().lowercased()
            guard text == "true" || text == "false" else { throw node.fail("cần true hoặc false, nhận được \(text)") }
            syncedDefault = text == "true"
        }
        return TabularProfile(
            id: id, name: name, sheet: sheet, columns: columns, statusMapping: mapping, channels: channels, applicants: applicants,
            payments: payments, trueValues: trueValues, falseValues: falseValues, syncedDefault: syncedDefault)
    }

    private static func fileStem(_ file: String) -> String {
        var name = fileName(ofPath: file)
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        return name
    }

    /// A string or a list of strings.
    private static func strings(_ node: YAMLNode) throws(DataFileError) -> [String] {
        if node.node.scalar != nil { return [try node.string()] }
        var result: [String] = []
        for item in try node.items() { result.append(try item.string()) }
        return result
    }

    private static func patterns(_ node: YAMLNode) throws(DataFileError) -> [DatePattern] {
        let items: [YAMLNode] = node.node.scalar != nil ? [node] : try node.items()
        var result: [DatePattern] = []
        for item in items {
            let text = try item.string()
            guard let pattern = DatePattern(text) else {
                throw item.fail(
                    "mẫu ngày không hợp lệ \"\(text)\" (dùng yyyy, MM, dd, HH, mm, ss; ví dụ dd/MM/yyyy HH:mm:ss)")
            }
            result.append(pattern)
        }
        guard !result.isEmpty else { throw node.fail("cần ít nhất một mẫu ngày") }
        return result
    }

    /// A table of value spellings mapped to named targets, merged over the defaults.
    private static func values<Value>(
        _ node: YAMLNode?, defaults: [String: Value], names: [String: Value]
    ) throws(DataFileError) -> [String: Value] {
        var result = defaults
        guard let node else { return result }
        guard node.node.mapping != nil else { throw node.fail("cần một bảng giá trị → \(names.keys.sorted().joined(separator: "/"))") }
        for (value, target) in node.entries {
            let targetName = try target.string()
            guard let mapped = names[targetName] else {
                throw target.fail("giá trị đích không biết \"\(targetName)\" (có: \(names.keys.sorted().joined(separator: ", ")))")
            }
            result[key(value)] = mapped
        }
        return result
    }
}
