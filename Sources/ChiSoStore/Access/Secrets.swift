import Crypto
import HummingbirdBcrypt

/// Random tokens, digests and password hashes: what the access tables keep instead of secrets (the web application
/// and the command line create and check them the same way).
public enum Secrets {
    /// A random token of 32 bytes from the system's secure generator, as 64 hex digits.
    public static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) })
    }

    /// The SHA-256 digest of a token, as hex: what the database keeps instead of the token.
    public static func digest(_ token: String) -> String {
        hex(Array(SHA256.hash(data: Array(token.utf8))))
    }

    /// A bcrypt hash of a password.
    public static func hashPassword(_ password: String, cost: Int) -> String {
        Bcrypt.hash(password, cost: UInt8(clamping: max(4, min(cost, 31))))
    }

    /// Whether a password matches a bcrypt hash.
    public static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Compares two strings in time independent of where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
