public import ChiSoCore

/// How a source's status codes (`TrangThaiHoSo`) map to ChiSo's dossier states.
///
/// Status codes differ slightly between one-stop systems, so the mapping is configuration; ``dvcqg`` is the
/// default for the national portal's codes. A code that is not in the mapping is an error on that record, never
/// silently a state. Codes are compared after trimming, and numeric codes without leading zeros (`"04"` is `"4"`).
public struct StatusMapping: Hashable, Sendable {
    /// The state of each code, with codes in normal form.
    public private(set) var states: [String: Dossier.State]

    /// Creates a mapping from codes to states.
    public init(_ states: [String: Dossier.State]) {
        var normalised: [String: Dossier.State] = [:]
        for (code, state) in states { normalised[StatusMapping.normalise(code)] = state }
        self.states = normalised
    }

    /// The DVCQG codes: 1 registered, 2 received, 3 refused, 4 processing, 5 waiting for supplement,
    /// 6 processing (waiting for payment), 7 withdrawn, 8 stopped, 9 processed, 10 returned.
    public static let dvcqg = StatusMapping([
        "1": .registered, "2": .received, "3": .refused, "4": .processing, "5": .waitingForSupplement,
        "6": .processing, "7": .withdrawn, "8": .stopped, "9": .processed, "10": .returned,
    ])

    /// The state of a code, or nil when the code is unknown.
    public func state(for code: String) -> Dossier.State? {
        states[StatusMapping.normalise(code)]
    }

    /// Adds or replaces the state of a code.
    public mutating func set(_ state: Dossier.State, for code: String) {
        states[StatusMapping.normalise(code)] = state
    }

    /// The known codes, sorted numerically when they are numbers.
    public var codes: [String] {
        states.keys.sorted { a, b in
            switch (Int(a), Int(b)) {
            case (let x?, let y?): return x < y
            default: return a < b
            }
        }
    }

    static func normalise(_ code: String) -> String {
        let trimmed = Text.trimmed(code)
        if let value = Int(trimmed), value >= 0 { return String(value) }
        return trimmed
    }
}
