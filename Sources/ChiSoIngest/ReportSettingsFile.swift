public import ChiSoCore
import Foundation
import Yams

/// Who issues the provincial documents and to whom they go, as read from a settings file.
///
/// A plain value: the command line maps it to the report module's issuer settings, so that ChiSoIngest does
/// not depend on ChiSoReport.
public struct ReportSettings: Sendable, Hashable {
    /// The province's name in running text, e.g. "Bình Phước".
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

    /// Creates settings.
    public init(
        province: String, parentBody: String, office: String, officeAbbreviation: String, officeShortName: String, place: String,
        recipients: [String] = [], signerAuthority: [String] = [], signerName: String? = nil, documentNumber: String? = nil,
        date: LocalDate? = nil, overdueThreshold: Int? = nil
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
    }
}

/// Reads report settings files (YAML) and the examples ChiSo ships.
///
/// Keys: `province` (required), `office` (required), `parent_body`, `office_abbreviation` (default
/// `VPUBND`), `office_short_name` (default "Văn phòng UBND tỉnh"), `place` (default the province),
/// `recipients` (list), `signer.authority` (list) and `signer.name`, `document_number`, `date`
/// (`yyyy-MM-dd`), `overdue_threshold` (a positive integer).
public enum ReportSettingsFile {
    /// Names of the shipped examples.
    public static let examples = ["binh-phuoc"]

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
        let province = try root.required("province").string()
        guard !province.isEmpty else { throw root.fail("province không được để trống") }
        let office = try root.required("office").string()
        var signerAuthority: [String] = []
        var signerName: String?
        if let signer = root.child("signer") {
            guard signer.node.mapping != nil else { throw signer.fail("cần một bảng khóa–giá trị (authority, name)") }
            signerAuthority = try strings(signer.child("authority"))
            signerName = try optionalString(signer, "name")
        }
        var threshold: Int?
        if let node = root.child("overdue_threshold") {
            let value = try node.double()
            guard value >= 1, value == value.rounded(), value < 1_000_000 else { throw node.fail("cần một số nguyên dương") }
            threshold = Int(value)
        }
        return ReportSettings(
            province: province, parentBody: try optionalString(root, "parent_body") ?? "", office: office,
            officeAbbreviation: try optionalString(root, "office_abbreviation") ?? "VPUBND",
            officeShortName: try optionalString(root, "office_short_name") ?? "Văn phòng UBND tỉnh",
            place: try optionalString(root, "place") ?? province, recipients: try strings(root.child("recipients")),
            signerAuthority: signerAuthority, signerName: signerName, documentNumber: try optionalString(root, "document_number"),
            date: try root.child("date").map { (node: YAMLNode) throws(DataFileError) -> LocalDate in try node.date() },
            overdueThreshold: threshold)
    }
}
