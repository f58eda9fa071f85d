public import Foundation

/// The package's root directory (the one holding `Package.swift`, `Examples/` and `scripts/`).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A new, empty directory under the system's temporary directory, named `chiso-<label>-<uuid>`; the caller removes it.
///
/// - Throws: the file system's error when the directory cannot be created.
public func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A path under the system's temporary directory that does not exist yet (a database or output file to create).
public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("chiso-\(UUID().uuidString)-\(name)").path
}
