public import Foundation

/// Checks that a PDF's text is set in fonts that hold Vietnamese letters: every font is embedded (`pdffonts`
/// from poppler-utils), and the font LibreOffice uses for the documents' Times New Roman has Vietnamese
/// (`fc-match` against `fc-list :lang=vi`). Without Times New Roman, LibreOffice takes the metric-compatible
/// Liberation Serif (package `fonts-liberation2`); a font without Vietnamese would mix fonts silently.
public enum PDFFontCheck {
    /// The family the documents ask for.
    public static let documentFamily = "Times New Roman"

    /// What is wrong with the fonts of a PDF, in Vietnamese; empty when nothing is, or when the tools that
    /// tell (`pdffonts`, `fc-match`, `fc-list`) are not installed.
    public static func problems(pdf: URL, searchPath: String) -> [String] {
        var problems: [String] = []
        if let pdffonts = tool("pdffonts", searchPath: searchPath), let listing = run(pdffonts, [pdf.path]) {
            let missing = notEmbedded(pdffontsOutput: listing)
            if !missing.isEmpty { problems.append("phông chữ không được nhúng vào tệp PDF: \(missing.joined(separator: ", "))") }
        }
        if let match = tool("fc-match", searchPath: searchPath), let list = tool("fc-list", searchPath: searchPath),
            let family = run(match, ["-f", "%{family}", documentFamily])?.trimmingCharacters(in: .whitespacesAndNewlines),
            let vietnamese = run(list, [":lang=vi", "family"])
        {
            let families = vietnameseFamilies(fcListOutput: vietnamese)
            let matched = family.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if !matched.contains(where: families.contains) {
                problems.append("\(documentFamily) được thay bằng phông \(family), phông này không có đủ chữ tiếng Việt")
            }
        }
        return problems
    }

    /// The fonts `pdffonts` lists as not embedded ("emb" column "no").
    public static func notEmbedded(pdffontsOutput: String) -> [String] {
        let lines = pdffontsOutput.split(separator: "\n").map(String.init)
        guard let header = lines.first(where: { $0.hasPrefix("name") }), let emb = header.range(of: "emb") else { return [] }
        let column = header.distance(from: header.startIndex, to: emb.lowerBound)
        var out: [String] = []
        for line in lines.drop(while: { !$0.hasPrefix("---") }).dropFirst() where line.count > column + 2 {
            let start = line.index(line.startIndex, offsetBy: column)
            let flag = line[start...].prefix(3).trimmingCharacters(in: .whitespaces)
            if flag == "no", let name = line.split(separator: " ").first { out.append(String(name)) }
        }
        return out
    }

    /// The families of `fc-list :lang=vi family` (one or several, comma-separated, per line).
    public static func vietnameseFamilies(fcListOutput: String) -> Set<String> {
        Set(fcListOutput.split(separator: "\n").flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    static func tool(_ name: String, searchPath: String) -> URL? {
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func run(_ executable: URL, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
