public import ChiSoCore

/// A date or date-time pattern of a column-mapping profile, such as `dd/MM/yyyy HH:mm:ss`.
///
/// Letters: `yyyy` year; `MM` or `M` month; `dd` or `d` day; `HH` or `H` hour (0–23); `mm` minute; `ss` second.
/// Every other character that is not a letter is written as it is. One- and two-letter fields accept one or two
/// digits (`5/3/2024` matches `dd/MM/yyyy`). Missing time fields are 0 (local time, Asia/Ho_Chi_Minh).
public struct DatePattern: Hashable, Sendable, CustomStringConvertible {
    private enum Token: Hashable, Sendable {
        case year, month, day, hour, minute, second
        case literal(Character)
    }

    private let tokens: [Token]
    /// The pattern as written.
    public let pattern: String

    /// Parses a pattern; nil when it has an unknown letter group or lacks the year, the month or the day.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        var characters = Array(pattern)[...]
        while let first = characters.first {
            guard first.isLetter else {
                tokens.append(.literal(first))
                characters.removeFirst()
                continue
            }
            let run = characters.prefix { $0 == first }
            characters.removeFirst(run.count)
            switch (first, run.count) {
            case ("y", 4): tokens.append(.year)
            case ("M", 1), ("M", 2): tokens.append(.month)
            case ("d", 1), ("d", 2): tokens.append(.day)
            case ("H", 1), ("H", 2): tokens.append(.hour)
            case ("m", 2): tokens.append(.minute)
            case ("s", 2): tokens.append(.second)
            default: return nil
            }
        }
        for required in [Token.year, .month, .day] where tokens.filter({ $0 == required }).count != 1 { return nil }
        for optional in [Token.hour, .minute, .second] where tokens.filter({ $0 == optional }).count > 1 { return nil }
        self.tokens = tokens
        self.pattern = pattern
    }

    public var description: String { pattern }

    /// The instant a text denotes, or nil when it does not match.
    public func instant(_ text: String) -> Instant? {
        var values = [0, 0, 0, 0, 0, 0]  // year, month, day, hour, minute, second
        var scalars = Array(text.utf8)[...]
        for token in tokens {
            switch token {
            case .literal(let character):
                let bytes = Array(String(character).utf8)
                guard scalars.starts(with: bytes) else { return nil }
                scalars.removeFirst(bytes.count)
            default:
                let maximum = token == .year ? 4 : 2
                let minimum = token == .year ? 4 : 1
                let digits = scalars.prefix { $0 >= 0x30 && $0 <= 0x39 }.prefix(maximum)
                guard digits.count >= minimum else { return nil }
                scalars.removeFirst(digits.count)
                let number = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                switch token {
                case .year: values[0] = number
                case .month: values[1] = number
                case .day: values[2] = number
                case .hour: values[3] = number
                case .minute: values[4] = number
                case .second: values[5] = number
                case .literal: break
                }
            }
        }
        guard scalars.isEmpty, values[3] < 24, values[4] < 60, values[5] < 60,
            let date = LocalDate(year: values[0], month: values[1], day: values[2])
        else { return nil }
        return Instant(local: date, hour: values[3], minute: values[4], second: values[5])
    }

    /// The forms every date column accepts besides its own patterns: what XLSX date cells become.
    static let canonical = [DatePattern("yyyy-MM-dd HH:mm:ss")!, DatePattern("yyyy-MM-dd")!]
}
