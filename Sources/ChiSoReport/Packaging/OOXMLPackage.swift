import Foundation
import ZIPFoundation

/// One file inside an Office Open XML package.
public struct OOXMLPart: Sendable, Hashable {
    /// Path inside the package, e.g. `word/document.xml`.
    public var path: String
    /// The content.
    public var bytes: [UInt8]

    /// Creates a part from bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a part from XML text, stored as UTF-8.
    public init(path: String, xml: String) {
        self.init(path: path, bytes: Array(xml.utf8))
    }
}

/// ZIP packaging of OOXML parts with reproducible output.
public enum OOXMLPackage {
    /// The modification date written for every entry: 2024-01-01 00:00:00 (ZIP dates carry no zone;
    /// ZIPFoundation converts with `gmtime`, so this does not depend on the machine's time zone).
    static let fixedDate = Date(timeIntervalSince1970: 1_704_067_200)

    /// Zips `parts` in the given order, deflated, with fixed dates and permissions.
    ///
    /// The same parts always give the same bytes.
    ///
    /// - Parameter parts: The parts; `[Content_Types].xml` should come first.
    /// - Returns: The bytes of the ZIP archive.
    /// - Throws: ``ReportError`` when the archive cannot be built.
    public static func zip(parts: [OOXMLPart]) throws(ReportError) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let data = Data(part.bytes)
                try archive.addEntry(
                    with: part.path,
                    type: .file,
                    uncompressedSize: Int64(data.count),
                    modificationDate: fixedDate,
                    permissions: 0o644,
                    compressionMethod: .deflate
                ) { position, size in
                    let start = Int(position)
                    return data.subdata(in: start..<min(data.count, start + size))
                }
            }
            guard let data = archive.data else { throw ReportError.archive("kho lưu trữ trong bộ nhớ không có dữ liệu") }
            return [UInt8](data)
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError.archive(String(describing: error))
        }
    }
}

extension OOXMLPackage {
    /// Reads the entries of a ZIP archive, in archive order (the inverse of ``zip(parts:)``).
    ///
    /// - Parameter bytes: The bytes of a `.docx`/`.xlsx` (or any ZIP) file.
    /// - Returns: One part per file entry.
    /// - Throws: ``ReportError`` when the bytes are not a readable ZIP archive.
    public static func unzip(_ bytes: [UInt8]) throws(ReportError) -> [OOXMLPart] {
        do {
            let archive = try Archive(data: Data(bytes), accessMode: .read)
            var parts: [OOXMLPart] = []
            for entry in archive where entry.type == .file {
                var data = Data()
                _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
                parts.append(OOXMLPart(path: entry.path, bytes: [UInt8](data)))
            }
            return parts
        } catch {
            throw ReportError.archive(String(describing: error))
        }
    }
}
