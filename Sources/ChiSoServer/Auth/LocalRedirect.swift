import Foundation

/// Where to go after sign-in: only a path of this site; anything else goes to `/`.
///
/// A target is local when it starts with one `/` that is not followed by another `/` or a `\` (browsers read
/// `\` as `/`, so `/\evil.example/` names another host), and holds only visible ASCII characters (browsers drop
/// tabs and line breaks, so `/\t/evil` becomes `//evil`). The same holds for each of its percent-decodings, so a
/// target that a client decodes once more (`/%5Cevil`, `/%2F/evil`) cannot leave the site either.
enum LocalRedirect {
    /// The target itself when it is local, otherwise `/`.
    static func target(_ next: String?) -> String {
        guard let next, isLocal(next) else { return "/" }
        return next
    }

    static func isLocal(_ text: String) -> Bool {
        guard text.utf8.count <= 4096, text.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else { return false }
        var candidate = text
        // Three rounds of decoding are more than any client applies.
        for _ in 0..<3 {
            guard startsLocally(candidate) else { return false }
            guard let decoded = candidate.removingPercentEncoding, decoded != candidate else { return true }
            candidate = decoded
        }
        return startsLocally(candidate)
    }

    /// `/` not followed by `/` or `\`, and no backslash or control character anywhere.
    private static func startsLocally(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "/" else { return false }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return false }
        return !scalars.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }
    }
}
