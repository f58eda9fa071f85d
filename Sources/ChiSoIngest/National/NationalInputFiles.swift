import Foundation
import ZIPFoundation

/// One file of national figures, as bytes, with the name it is known by in messages and in the store.
public struct NationalInputFile: Hashable, Sendable {
    /// The file's name, or `archive.zip/entry` for a ZIP entry, or `folder/file` inside a folder.
    public var name: String
    public var bytes: [UInt8]
    /// The file's extension in lower case (`json`, `jsonl`, `csv`, `xlsx`...), from the name.
    public var pathExtension: String { (name as NSString).pathExtension.lowercased() }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// The files a path holds: the file itself, every file of a folder (recursively, by name, hidden files left
    /// out), or every entry of a ZIP archive (by name; folders and `__MACOSX` left out).
    ///
    /// - Throws: ``IngestError`` when the path cannot be read, or a ZIP cannot be opened.
    public static func files(atPath path: String) throws(IngestError) -> [NationalInputFile] {
        let name = fileName(ofPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError.cannotOpen(file: name, reason: "không tồn tại")
        }
        if isDirectory.boolValue {
            guard let walker = FileManager.default.enumerator(atPath: path) else {
                throw IngestError.cannotOpen(file: name, reason: "không đọc được thư mục")
            }
            var relatives: [String] = []
            while let relative = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                var isFolder: ObjCBool = false
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                    FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue
                else { continue }
                relatives.append(relative)
            }
            var files: [NationalInputFile] = []
            for relative in relatives.sorted() {
                let full = (path as NSString).appendingPathComponent(relative)
                files += try expand(NationalInputFile(name: name + "/" + relative, bytes: try read(full, name: name + "/" + relative)))
            }
            return files
        }
        return try expand(NationalInputFile(name: name, bytes: try read(path, name: name)))
    }

    /// A ZIP archive's entries; any other file as it is.
    static func expand(_ file: NationalInputFile) throws(IngestError) -> [NationalInputFile] {
        guard file.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), file.pathExtension != "xlsx", file.pathExtension != "xlsm" else {
            return [file]
        }
        let archive: Archive
        do {
            archive = try Archive(data: Data(file.bytes), accessMode: .read)
        } catch {
            throw IngestError.cannotOpen(file: file.name, reason: "không đọc được gói ZIP (tệp hỏng hoặc bị cắt cụt)")
        }
        var entries: [NationalInputFile] = []
        for entry in archive.sorted(by: { $0.path < $1.path }) {
            guard entry.type == .file, !entry.path.hasPrefix("__MACOSX"),
                !entry.path.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            var bytes: [UInt8] = []
            do {
                _ = try archive.extract(entry) { data in bytes.append(contentsOf: data) }
            } catch {
                throw IngestError.readFailed(file: file.name, reason: "không giải nén được \(entry.path): \(error)")
            }
            entries.append(NationalInputFile(name: file.name + "/" + entry.path, bytes: bytes))
        }
        return entries
    }

    private static func read(_ path: String, name: String) throws(IngestError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError.cannotOpen(file: name, reason: "không tồn tại hoặc không có quyền đọc")
        }
        return [UInt8](data)
    }
}
