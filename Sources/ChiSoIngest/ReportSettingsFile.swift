public import ChiSoCore
import Foundation
import Yams

/// What one document type says differently from the rest: its issuer, recipients, signer and the office's
/// own paragraphs (with placeholders such as `{ky}` filled from the data). Every field is optional: what is
/// left out falls back to the settings of every document, then to the document type's built-in text.
public struct DocumentTypeSettings: Sendable, Hashable {
    /// The parent body in capitals; "" for none (a letter of the provincial People's Committee itself).
    public var parentBody: String?
    /// The issuing body in capitals, e.g. "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC" for a directive.
    public var office: String?
    /// The symbol after the number, e.g. "UBND-KSTTHC".
    public var officeAbbreviation: String?
    /// The "Nơi nhận" entries of this document type.
    public var recipients: [String]?
    /// The signer's authority lines, e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"].
    public var signerAuthority: [String]?
    /// The signer's name.
    public var signerName: String?
    /// The office's paragraphs that close the document (directions, recommendations), one string each.
    public var paragraphs: [String]?

    /// Creates the settings of one document type.
    public init(
        parentBody: String? = nil, office: String? = nil, officeAbbreviation: String? = nil, recipients: [String]? = nil,
        signerAuthority: [String]? = nil, signerName: String? = nil, paragraphs: [String]? = nil
    ) {
        self.parentBody = parentBody
        self.office = office
        self.officeAbbreviation = officeAbbreviation
        self.recipients = recipients
        self.signerAuthority = signerAuthority
        self.signerName = signerName
        self.paragraphs = paragraphs
    }
}

/// Who issues the provincial documents and to whom they go, as read from a settings file.
///
/// A plain value: the command line maps it to the report module's issuer settings, so that ChiSoIngest does
/// not depend on ChiSoReport. Without a settings file, ``generic(provinceUnitName:)`` names the province from
/// the data and leaves recipients and signer to each document type's built-in defaults.
public struct ReportSettings: Sendable, Hashable {
    /// The province's name in running text, e.g. "Bình Phước"; empty to take it from the data.
    public var province: String
    /// The parent body in capitals, e.g. "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"; empty when none.
    public var parentBody: String
    /// The issuing office in capitals, e.g. "VĂN PHÒNG".
    public var office: String
    /// The office's abbreviation in document symbols, e.g. "VPUBND".
    public var officeAbbreviation: String
    /// The office in running text, e.g. "Văn phòng UBND tỉnh".
    public var officeShortName: String
    /// The place of the date line; the province by default.
    public var place: String
    /// The "Nơi nhận" entries.
    public var recipients: [String]
    /// The signer's authority lines, e.g. ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"].
    public var signerAuthority: [String]
    /// The signer's name, when given.
    public var signerName: String?
    /// The document number, when already known (usually given on the command line instead).
    public var documentNumber: String?
    /// The date of issue, when already known.
    public var date: LocalDate?
    /// The minimum overdue dossiers for a unit to be listed in the monthly notice, when set.
    public var overdueThreshold: Int?
    /// What each document type says differently, by type (`monthly-notice`, `quarterly-comparison`, `targets`,
    /// `classification`).
    public var documents: [String: DocumentTypeSettings]
    /// The file the settings were read from, named in errors about its paragraphs; nil for built-in settings.
    public var file: String?

    /// Creates settings.
    public init(
        province: String, parentBody: String, office: String, officeAbbreviation: String, officeShortName: String, place: String,
        recipients: [String] = [], signerAuthority: [String] = [], signerName: String? = nil, documentNumber: String? = nil,
        date: LocalDate? = nil, overdueThreshold: Int? = nil, documents: [String: DocumentTypeSettings] = [:], file: String? = nil
    ) {
        self.province = province
        self.parentBody = parentBody
        self.office = office
        self.officeAbbreviation = officeAbbreviation
        self.officeShortName = officeShortName
        self.place = place
        self.recipients = recipients
        self.signerAuthority = signerAuthority
        self.signerName = signerName
        self.documentNumber = documentNumber
        self.date = date
        self.overdueThreshold = overdueThreshold
        self.documents = documents
        self.file = file
    }

    /// The province's name in running text from the province unit's name: "UBND tỉnh Phước An" → "Phước An".
    public static func provinceName(fromUnitName unitName: String) -> String {
        var province = unitName.trimmingCharacters(in: .whitespaces)
        for prefix in ["UBND tỉnh ", "Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân ", "UBND ", "tỉnh ", "Tỉnh "] where province.hasPrefix(prefix) {
            province = String(province.dropFirst(prefix.count))
            break
        }
        return province
    }

    /// Settings without a file (an empty `province` is taken from the data by ``completed(provinceUnitName:)``):
    /// the province named from the data, the provincial office as issuer, and no
    /// recipients or signer of its own (each document type's built-in ones apply).
    public static func generic(province: String) -> ReportSettings {
        ReportSettings(
            province: province, parentBody: province.isEmpty ? "" : "ỦY BAN NHÂN DÂN TỈNH \(province.uppercased())", office: "VĂN PHÒNG",
            officeAbbreviation: "VPUBND",
            officeShortName: "Văn phòng UBND tỉnh", place: province)
    }

    /// These settings with what they leave out taken from the data: the province's name (and with it the
    /// parent body and place) from the province unit's name.
    public func completed(provinceUnitName: String?) -> ReportSettings {
        guard province.isEmpty else { return self }
        var out = self
        let name = provinceUnitName.map(Self.provinceName(fromUnitName:)) ?? ""
        out.province = name
        if out.parentBody.isEmpty && !name.isEmpty { out.parentBody = "ỦY BAN NHÂN DÂN TỈNH \(name.uppercased())" }
        if out.place.isEmpty { out.place = name }
        return out
    }
}

/// Reads report settings files (YAML) and the examples ChiSo ships.
///
/// Keys: `province` (default: from the data's province unit), `office` (default "VĂN PHÒNG"), `parent_body`
/// (default "ỦY BAN NHÂN DÂN TỈNH " and the province), `office_abbreviation` (default `VPUBND`),
/// `office_short_name` (default "Văn phòng UBND tỉnh"), `place` (default the province), `recipients` (list),
/// `signer.authority` (list) and `signer.name`, `document_number`, `date` (`yyyy-MM-dd`), `overdue_threshold`
/// (a positive integer), and `documents`, a table by document type (`monthly-notice`, `quarterly-comparison`,
/// `targets`, `classification`) of `parent_body`, `office`, `office_abbreviation`, `recipients`, `signer` and
/// `paragraphs` (a list of paragraphs with placeholders such as `{ky}`).
public enum ReportSettingsFile {
    /// Names of the shipped examples: the province of the example files, and the demo's province.
    public static let examples = ["binh-phuoc", "phuoc-an"]

    /// The shipped settings of the demo province (`chiso demo`, `chiso serve --demo`).
    public static let demoExample = "phuoc-an"

    /// The document types a `documents` table may name.
    public static let documentTypes = ["monthly-notice", "quarterly-comparison", "targets", "classification"]

    /// The path of a shipped example, or nil.
    public static func examplePath(_ name: String) -> String? {
        guard examples.contains(name) else { return nil }
        return Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Resources/settings")?.path
    }

    /// A shipped example's name or a path to a settings file.
    ///
    /// - Throws: `DataFileError` when the file cannot be read or breaks a rule.
    public static func resolve(_ nameOrPath: String) throws(DataFileError) -> ReportSettings {
        if let path = examplePath(nameOrPath) { return try load(path: path, displayName: "\(nameOrPath).yaml") }
        return try load(path: nameOrPath)
    }

    /// Reads a settings file.
    ///
    /// - Throws: `DataFileError` when the file cannot be opened, is not UTF-8, or breaks a rule.
    public static func load(path: String, displayName: String? = nil) throws(DataFileError) -> ReportSettings {
        let name = displayName ?? path
        return try parse(try DataFileError.text(ofFile: path, name: name), file: name)
    }

    /// Parses settings YAML text.
    ///
    /// - Throws: `DataFileError` naming the file, line and entry at fault.
    public static func parse(_ text: String, file: String) throws(DataFileError) -> ReportSettings {
        let root = try YAMLNode.parse(text, file: file)
        guard root.node.mapping != nil else { throw root.fail("cần một bảng khóa–giá trị") }
        func optionalString(_ node: YAMLNode, _ key: String) throws(DataFileError) -> String? {
            guard let child = node.child(key) else { return nil }
            let value = try child.string().trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        func strings(_ node: YAMLNode?) throws(DataFileError) -> [String] {
            guard let node else { return [] }
            var out: [String] = []
            for item in try node.items() { out.append(try item.string()) }
            return out
        }
        func signer(_ node: YAMLNode) throws(DataFileError) -> (authority: [String]?, name: String?) {
            guard let signer = node.child("signer") else { return (nil, nil) }
            guard signer.node.mapping != nil else { throw signer.fail("cần một bảng khóa–giá trị (authority, name)") }
            return (signer.child("authority") == nil ? nil : try strings(signer.child("authority")), try optionalString(signer, "name"))
        }
        let province = try optionalString(root, "province") ?? ""
        let office = try optionalString(root, "office") ?? "VĂN PHÒNG"
        let (signerAuthority, signerName) = try signer(root)
        var documents: [String: DocumentTypeSettings] = [:]
        if let table = root.child("documents") {
            guard table.node.mapping != nil else { throw table.fail("cần một bảng theo loại văn bản (\(documentTypes.joined(separator: ", ")))") }
            for (type, node) in table.entries {
                guard documentTypes.contains(type) else {
                    throw node.fail("loại văn bản không hợp lệ: \(type) (\(documentTypes.joined(separator: ", ")))")
                }
                guard node.node.mapping != nil else { throw node.fail("cần một bảng khóa–giá trị") }
                let (authority, name) = try signer(node)
                documents[type] = DocumentTypeSettings(
                    parentBody: try node.child("parent_body").map { (n: YAMLNode) throws(DataFileError) in try n.string() },
                    office: try optionalString(node, "office"), officeAbbreviation: try optionalString(node, "office_abbreviation"),
                    recipients: node.child("recipients") == nil ? nil : try strings(node.child("recipients")), signerAuthority: authority,
                    signerName: name, paragraphs: node.child("paragraphs") == nil ? nil : try strings(node.child("paragraphs")))
            }
        }
        var threshold: Int?
        if let node = root.child("overdue_threshold") {
            let value = try node.double()
            guard value >= 1, value == value.rounded(), value < 1_000_000 else { throw node.fail("cần một số nguyên dương") }
            threshold = Int(value)
        }
        return ReportSettings(
            province: province,
            parentBody: try optionalString(root, "parent_body") ?? (province.isEmpty ? "" : "ỦY BAN NHÂN DÂN TỈNH \(province.uppercased())"),
            office: office,
            officeAbbreviation: try optionalString(root, "office_abbreviation") ?? "VPUBND",
            officeShortName: try optionalString(root, "office_short_name") ?? "Văn phòng UBND tỉnh",
            place: try optionalString(root, "place") ?? province, recipients: try strings(root.child("recipients")),
            signerAuthority: signerAuthority ?? [], signerName: signerName, documentNumber: try optionalString(root, "document_number"),
            date: try root.child("date").map { (node: YAMLNode) throws(DataFileError) -> LocalDate in try node.date() },
            overdueThreshold: threshold, documents: documents, file: file)
    }
}
