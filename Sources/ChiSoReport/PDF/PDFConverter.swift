public import Foundation

/// Converts a DOCX or XLSX file to PDF with LibreOffice
/// (`soffice --headless --convert-to pdf --outdir DIR FILE`).
///
/// The converter does not read the environment: the caller passes the search path (usually the `PATH`
/// variable). Each conversion uses its own temporary LibreOffice profile, so conversions do not collide with a
/// running LibreOffice. The call blocks until LibreOffice exits.
public struct PDFConverter: Sendable, Hashable {
    /// The LibreOffice executable.
    public let executable: URL

    /// Uses a known LibreOffice executable.
    public init(executable: URL) {
        self.executable = executable
    }

    /// Finds `soffice` or `libreoffice` in `searchPath` (a `PATH`-style list separated by `:`).
    ///
    /// - Throws: ``ReportError/libreOfficeNotFound`` ("LibreOffice chưa được cài đặt …") when neither is found.
    public init(searchPath: String) throws(ReportError) {
        guard let executable = Self.locate(searchPath: searchPath) else { throw ReportError.libreOfficeNotFound }
        self.executable = executable
    }

    /// The first executable `soffice` or `libreoffice` in `searchPath`, or nil.
    public static func locate(searchPath: String) -> URL? {
        let directories = searchPath.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for name in ["soffice", "libreoffice"] {
            for directory in directories {
                let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Converts `file` to PDF in `outputDirectory`.
    ///
    /// - Parameters:
    ///   - file: A `.docx` or `.xlsx` file.
    ///   - outputDirectory: Where the PDF goes (created when missing).
    /// - Returns: The PDF's location: `outputDirectory/<file name>.pdf`.
    /// - Throws: ``ReportError`` when LibreOffice cannot be started, fails, or writes no PDF.
    public func convert(_ file: URL, outputDirectory: URL) throws(ReportError) -> URL {
        let fileManager = FileManager.default
        let profile = fileManager.temporaryDirectory.appendingPathComponent("chiso-lo-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: profile) }
        let output = outputDirectory.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".pdf")
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "-env:UserInstallation=\(profile.absoluteString)",
            "--headless", "--norestore", "--nologo",
            "--convert-to", "pdf",
            "--outdir", outputDirectory.path,
            file.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try fileManager.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
            try process.run()
        } catch {
            throw ReportError.conversionFailed(status: -1, output: String(describing: error))
        }
        let log = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = String(decoding: log, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw ReportError.conversionFailed(status: process.terminationStatus, output: message)
        }
        guard fileManager.fileExists(atPath: output.path) else { throw ReportError.outputMissing(output.path) }
        return output
    }
}
