import ChiSoCore
import Foundation
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Limits on what an XLSX package may unpack, so that a small hostile file (a "ZIP bomb") cannot fill the disk or
/// the memory. Each limit, when passed, is an ``IngestError`` naming the file, the part and the limit.
public struct XLSXLimits: Hashable, Sendable {
    /// The most entries the package may hold (a workbook has a few dozen).
    public var maxEntries: Int
    /// The most bytes one worksheet may unpack to.
    public var maxSheetBytes: Int
    /// The most bytes any other part (workbook, relationships, styles, shared strings) may unpack to.
    public var maxPartBytes: Int
    /// The largest ratio of unpacked to packed size of a part, once it is past ``ratioGraceBytes``.
    public var maxCompressionRatio: Int
    /// Parts that unpack to fewer bytes than this are not held to the ratio (tiny parts compress very well).
    public var ratioGraceBytes: Int
    /// The most shared strings the workbook may have.
    public var maxSharedStrings: Int
    /// The most bytes of text the shared strings may hold together.
    public var maxSharedStringBytes: Int

    /// Limits generous for real exports: 10,000 entries, worksheets of 2 GiB, other parts of 256 MiB, a ratio of
    /// 100:1 past 1 MiB, 5 million shared strings of 256 MiB in all.
    public init(
        maxEntries: Int = 10_000, maxSheetBytes: Int = 2 << 30, maxPartBytes: Int = 256 << 20, maxCompressionRatio: Int = 100,
        ratioGraceBytes: Int = 1 << 20, maxSharedStrings: Int = 5_000_000, maxSharedStringBytes: Int = 256 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxSheetBytes = maxSheetBytes
        self.maxPartBytes = maxPartBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxSharedStringBytes = maxSharedStringBytes
    }
}

extension IngestError {
    /// The file is not a ZIP package, so not an XLSX workbook (a damaged or truncated file, or an old `.xls`).
    public static func notZIP(file: String) -> IngestError {
        .cannotOpen(
            file: file,
            reason: "không phải tệp XLSX: không đọc được gói ZIP (tệp hỏng, bị cắt cụt hoặc là tệp .xls cũ — hãy lưu lại dạng .xlsx)")
    }

    /// The file is a ZIP package but not an XLSX workbook: a required part is missing.
    public static func notXLSX(file: String, missingPart: String) -> IngestError {
        .cannotOpen(file: file, reason: "không phải tệp XLSX: gói ZIP không có phần \(missingPart)")
    }

    /// The package passes one of its ``XLSXLimits``: `what` says which, in Vietnamese.
    static func xlsxLimit(file: String, _ what: String) -> IngestError {
        .cannotOpen(file: file, reason: "tệp XLSX vượt giới hạn an toàn: \(what)")
    }

    /// The workbook has no worksheet with this name (or no worksheet at all).
    public static func missingSheet(file: String, sheet: String?, available: [String]) -> IngestError {
        let list = available.isEmpty ? "không có trang tính nào" : "các trang tính có: " + available.joined(separator: ", ")
        if let sheet {
            return .cannotOpen(file: file, reason: "không có trang tính \"\(sheet)\" (\(list))")
        }
        return .cannotOpen(file: file, reason: "không có trang tính nào")
    }
}

/// An opened XLSX package: its worksheets, shared strings, date styles and date system.
///
/// `Archive` (a non-Sendable class) stays inside this type, which the reader owns alone.
final class XLSXPackage {
    struct Sheet {
        var name: String
        var part: String
    }

    let fileName: String
    let limits: XLSXLimits
    private let archive: Archive
    let sheets: [Sheet]
    let sharedStrings: [String]
    /// For each cell style index (`s`), whether its number format shows a date or a time.
    let dateStyles: [Bool]
    /// Whether the workbook uses the 1904 date system.
    let date1904: Bool

    convenience init(path: String, fileName: String, limits: XLSXLimits = XLSXLimits()) throws(IngestError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IngestError.cannotOpen(file: fileName, reason: "không tồn tại hoặc không có quyền đọc")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw IngestError.notZIP(file: fileName)
        }
        try self.init(archive: archive, fileName: fileName, limits: limits)
    }

    convenience init(bytes: [UInt8], fileName: String, limits: XLSXLimits = XLSXLimits()) throws(IngestError) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw IngestError.notZIP(file: fileName)
        }
        try self.init(archive: archive, fileName: fileName, limits: limits)
    }

    private init(archive: Archive, fileName: String, limits: XLSXLimits) throws(IngestError) {
        self.archive = archive
        self.fileName = fileName
        self.limits = limits
        var entries = 0
        for _ in archive {
            entries += 1
            if entries > limits.maxEntries {
                throw IngestError.xlsxLimit(file: fileName, "gói ZIP có hơn \(limits.maxEntries) phần")
            }
        }
        // The workbook part, from the package relationships (or where every writer puts it).
        var workbookPart = "xl/workbook.xml"
        if archive["_rels/.rels"] != nil {
            let relations = try XLSXPackage.relationships(
                try XLSXPackage.part("_rels/.rels", in: archive, file: fileName, limits: limits), base: "", part: "_rels/.rels", file: fileName)
            if let target = relations.first(where: { $0.type.hasSuffix("/officeDocument") })?.target { workbookPart = target }
        }
        guard archive[workbookPart] != nil else { throw IngestError.notXLSX(file: fileName, missingPart: workbookPart) }
        let directory = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relationsPart =
            (directory.isEmpty ? "" : directory + "/") + "_rels/" + (workbookPart.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        var relations: [Relationship] = []
        if archive[relationsPart] != nil {
            relations = try XLSXPackage.relationships(
                try XLSXPackage.part(relationsPart, in: archive, file: fileName, limits: limits), base: directory, part: relationsPart, file: fileName
            )
        }

        // Sheets and the date system.
        var sheets: [Sheet] = []
        var date1904 = false
        var scanner = XMLScanner(source: ArrayChunkSource(try XLSXPackage.part(workbookPart, in: archive, file: fileName, limits: limits)))
        var sheetIndex = 0
        while let event = try XLSXPackage.next(&scanner, part: workbookPart, file: fileName) {
            guard case .start(let name, _) = event else { continue }
            if name == "workbookPr", let value = scanner.attribute("date1904") {
                date1904 = value == "1" || value.lowercased() == "true"
            } else if name == "sheet" {
                sheetIndex += 1
                let sheetName = scanner.attribute("name") ?? "Sheet\(sheetIndex)"
                var target = "\(directory.isEmpty ? "" : directory + "/")worksheets/sheet\(sheetIndex).xml"
                if let id = scanner.attribute("id"), let relation = relations.first(where: { $0.id == id }) { target = relation.target }
                sheets.append(Sheet(name: Text.nfc(sheetName), part: target))
            }
        }
        self.sheets = sheets
        self.date1904 = date1904

        // Shared strings.
        let stringsPart = relations.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target ?? "\(directory)/sharedStrings.xml"
        var strings: [String] = []
        if archive[stringsPart] != nil {
            var scanner = XMLScanner(source: ArrayChunkSource(try XLSXPackage.part(stringsPart, in: archive, file: fileName, limits: limits)))
            var current = ""
            var inItem = false
            var inText = false
            var phonetic = 0
            var textBytes = 0
            func add(_ string: String) throws(IngestError) {
                textBytes += string.utf8.count
                guard strings.count < limits.maxSharedStrings else {
                    throw IngestError.xlsxLimit(file: fileName, "phần \(stringsPart) có hơn \(limits.maxSharedStrings) chuỗi dùng chung")
                }
                guard textBytes <= limits.maxSharedStringBytes else {
                    throw IngestError.xlsxLimit(
                        file: fileName, "các chuỗi dùng chung của phần \(stringsPart) dài hơn \(limits.maxSharedStringBytes) byte")
                }
                strings.append(string)
            }
            while let event = try XLSXPackage.next(&scanner, part: stringsPart, file: fileName) {
                switch event {
                case .start("si", let selfClosing):
                    if selfClosing {
                        try add("")
                    } else {
                        inItem = true
                        current = ""
                    }
                case .end("si"):
                    try add(current)
                    inItem = false
                case .start("rPh", let selfClosing): if !selfClosing { phonetic += 1 }
                case .end("rPh"): phonetic -= 1
                case .start("t", let selfClosing): inText = inItem && phonetic == 0 && !selfClosing
                case .end("t"): inText = false
                case .text(let text): if inText { current += text }
                default: break
                }
            }
        }
        self.sharedStrings = strings

        // Date styles.
        let stylesPart = relations.first(where: { $0.type.hasSuffix("/styles") })?.target ?? "\(directory)/styles.xml"
        var styles: [Bool] = []
        if archive[stylesPart] != nil {
            var formats: [Int: String] = [:]
            var formatIDs: [Int] = []
            var inCellXfs = false
            var scanner = XMLScanner(source: ArrayChunkSource(try XLSXPackage.part(stylesPart, in: archive, file: fileName, limits: limits)))
            while let event = try XLSXPackage.next(&scanner, part: stylesPart, file: fileName) {
                switch event {
                case .start("numFmt", _):
                    if let id = scanner.attribute("numFmtId").flatMap({ Int($0) }) { formats[id] = scanner.attribute("formatCode") ?? "" }
                case .start("cellXfs", let selfClosing): inCellXfs = !selfClosing
                case .end("cellXfs"): inCellXfs = false
                case .start("xf", _) where inCellXfs:
                    formatIDs.append(scanner.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                default: break
                }
            }
            styles = formatIDs.map { id in formats[id].map(XLSXPackage.isDateFormat) ?? XLSXPackage.isBuiltInDateFormat(id) }
        }
        self.dateStyles = styles
    }

    /// The sheet with this name (exact after NFC, or ignoring case), or the first sheet.
    func sheet(named name: String?) throws(IngestError) -> Sheet {
        guard let name else {
            guard let first = sheets.first else { throw IngestError.missingSheet(file: fileName, sheet: nil, available: []) }
            return first
        }
        let wanted = Text.nfc(Text.trimmed(name))
        if let sheet = sheets.first(where: { $0.name == wanted }) ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) {
            return sheet
        }
        throw IngestError.missingSheet(file: fileName, sheet: name, available: sheets.map(\.name))
    }

    /// Decompresses a worksheet to a temporary file (so that a big sheet is never held in memory) and returns a
    /// source reading it.
    ///
    /// The file is removed from its folder as soon as it is created and lives on only through the open descriptor,
    /// so nothing is left behind when reading ends, fails, or the process is killed.
    func extractToTemporaryFile(_ part: String) throws(IngestError) -> FileChunkSource {
        guard let entry = archive[part] else { throw IngestError.notXLSX(file: fileName, missingPart: part) }
        let descriptor = try XLSXPackage.anonymousFile(file: fileName)
        do throws(IngestError) {
            try XLSXPackage.extract(entry, part: part, in: archive, file: fileName, limits: limits, maxBytes: limits.maxSheetBytes) {
                (bytes) throws(IngestError) in
                var offset = 0
                while offset < bytes.count {
                    let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else {
                        throw IngestError.readFailed(
                            file: fileName, reason: "không ghi được tệp tạm khi giải nén \(part): \(String(cString: strerror(errno)))")
                    }
                    offset += count
                }
            }
        } catch {
            close(descriptor)
            throw error
        }
        lseek(descriptor, 0, SEEK_SET)
        return FileChunkSource(descriptor: descriptor, path: part, closes: true)
    }

    /// A new temporary file, open for reading and writing, already removed from the temporary folder.
    private static func anonymousFile(file: String) throws(IngestError) -> Int32 {
        var template = Array((NSTemporaryDirectory() + "/chiso-xlsx-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw IngestError.readFailed(file: file, reason: "không tạo được tệp tạm: \(String(cString: strerror(errno)))")
        }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        return descriptor
    }

    /// Decompresses an entry chunk by chunk within the limits: its declared size is checked first, then the bytes
    /// really produced (a package may lie about its sizes), against `maxBytes` and the compression ratio.
    static func extract(
        _ entry: Entry, part: String, in archive: Archive, file: String, limits: XLSXLimits, maxBytes: Int,
        consume: ([UInt8]) throws(IngestError) -> Void
    ) throws(IngestError) {
        let packed = max(1, Int(clamping: entry.compressedSize))
        let (product, overflow) = packed.multipliedReportingOverflow(by: limits.maxCompressionRatio)
        let ratioLimit = max(limits.ratioGraceBytes, overflow ? Int.max : product)
        /// The error for a part of `size` bytes (its declared size, or what it has produced so far), if any.
        func tooBig(_ size: Int, declared: Bool) -> IngestError? {
            let unpacked = declared ? "\(size) byte" : "hơn \(size > maxBytes ? maxBytes : ratioLimit) byte"
            if size > maxBytes {
                return IngestError.xlsxLimit(file: file, "phần \(part) giải nén ra \(unpacked), quá giới hạn \(maxBytes) byte")
            }
            if size > ratioLimit {
                return IngestError.xlsxLimit(
                    file: file,
                    "phần \(part) nén \(packed) byte nhưng giải nén ra \(unpacked), quá tỉ lệ giới hạn \(limits.maxCompressionRatio):1")
            }
            return nil
        }
        let declared = Int(clamping: entry.uncompressedSize)
        if let error = tooBig(declared, declared: true) { throw error }
        var produced = 0
        var failure: IngestError?
        do {
            _ = try archive.extract(entry) { data in
                produced += data.count
                if let error = tooBig(produced, declared: false) {
                    failure = error
                    throw error
                }
                if produced > declared {
                    // The package lied about the size: stop at once rather than trust the rest.
                    let error = IngestError.xlsxLimit(
                        file: file, "phần \(part) khai báo \(declared) byte nhưng giải nén ra nhiều hơn; đã dừng sau \(produced) byte")
                    failure = error
                    throw error
                }
                do throws(IngestError) {
                    try consume([UInt8](data))
                } catch {
                    failure = error
                    throw error
                }
            }
        } catch {
            if let failure { throw failure }
            throw IngestError.readFailed(file: file, reason: "không giải nén được \(part): \(error)")
        }
    }

    // MARK: - Parts

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    static func part(_ path: String, in archive: Archive, file: String, limits: XLSXLimits) throws(IngestError) -> [UInt8] {
        guard let entry = archive[path] else { throw IngestError.notXLSX(file: file, missingPart: path) }
        var bytes: [UInt8] = []
        try extract(entry, part: path, in: archive, file: file, limits: limits, maxBytes: limits.maxPartBytes) { (data) throws(IngestError) in
            bytes.append(contentsOf: data)
        }
        return bytes
    }

    static func next<Source>(_ scanner: inout XMLScanner<Source>, part: String, file: String) throws(IngestError) -> XMLScanner<Source>.Event? {
        do {
            return try scanner.next()
        } catch {
            throw IngestError.readFailed(file: file, reason: "phần \(part) không phải XML hợp lệ: \(error.reason)")
        }
    }

    static func relationships(_ bytes: [UInt8], base: String, part: String, file: String) throws(IngestError) -> [Relationship] {
        var scanner = XMLScanner(source: ArrayChunkSource(bytes))
        var result: [Relationship] = []
        while let event = try next(&scanner, part: part, file: file) {
            guard case .start("Relationship", _) = event, let id = scanner.attribute("Id"), let target = scanner.attribute("Target") else {
                continue
            }
            if scanner.attribute("TargetMode") == "External" { continue }
            result.append(Relationship(id: id, type: scanner.attribute("Type") ?? "", target: resolve(target, base: base)))
        }
        return result
    }

    /// A relationship target as a path inside the package.
    static func resolve(_ target: String, base: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for component in target.split(separator: "/") {
            if component == ".." { _ = components.popLast() } else if component != "." { components.append(component) }
        }
        return components.joined(separator: "/")
    }

    // MARK: - Dates

    /// Built-in number formats that show dates or times (ECMA-376 §18.8.30 and the East Asian ones).
    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// Whether a format code shows a date or a time: it has d, m, y, h or s outside quotes, escapes and brackets
    /// (`[Red]`, `[$-409]`; elapsed `[h]` is a duration, not a date).
    static func isDateFormat(_ code: String) -> Bool {
        let lower = code.lowercased()
        if lower.contains("[h") || lower.contains("[m") || lower.contains("[s") { return false }
        var quoted = false
        var bracket = false
        var escaped = false
        // Only the first section (positive numbers) matters.
        for character in code {
            if escaped {
                escaped = false
                continue
            }
            if quoted {
                if character == "\"" { quoted = false }
                continue
            }
            if bracket {
                if character == "]" { bracket = false }
                continue
            }
            switch character {
            case "\\", "_", "*": escaped = true
            case "\"": quoted = true
            case "[": bracket = true
            case ";": return false
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S": return true
            default: break
            }
        }
        return false
    }

    /// A date serial number as `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`, or nil when it is not a date of years
    /// 1900–9999.
    static func dateText(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let base: LocalDate
        if date1904 {
            base = LocalDate(year: 1904, month: 1, day: 1)!
        } else {
            // Excel counts 1900-02-29, which did not exist: serials from 61 on are one day ahead.
            base = days < 61 ? LocalDate(year: 1899, month: 12, day: 31)! : LocalDate(year: 1899, month: 12, day: 30)!
        }
        let date = base.adding(days: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(date.year)-\(two(date.month))-\(two(date.day))"
        if seconds > 0 { text += " \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))" }
        return text
    }
}
