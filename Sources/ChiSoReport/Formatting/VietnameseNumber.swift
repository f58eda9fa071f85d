/// Numbers written the Vietnamese way: decimal comma and dot thousands separator.
///
/// `67.140`, `85,05`, `64,67%`. Rounding is half away from zero on the shortest decimal form of the value,
/// so 85.045 with two places is `85,05` (as a person reading the value would expect), and the output never
/// depends on the machine's locale.
public enum VietnameseNumber {
    /// An integer with dot thousands separators: `67140` → `67.140`.
    public static func format(_ value: Int) -> String {
        NumberStyle.vietnamese.integer(value)
    }

    /// A decimal with exactly `places` decimals: `85.05` → `85,05`, `1234.5` (1 place) → `1.234,5`.
    ///
    /// A non-finite value is written `-`.
    public static func format(_ value: Double, places: Int) -> String {
        NumberStyle.vietnamese.decimal(value, places: places)
    }

    /// A fraction as a percentage with exactly `places` decimals: `0.6467` → `64,67%`.
    public static func percent(_ fraction: Double, places: Int) -> String {
        NumberStyle.vietnamese.percent(fraction, places: places)
    }

    /// A value out of 100 as a percentage: `64.67` → `64,67%`.
    public static func percent(ofHundred value: Double, places: Int) -> String {
        NumberStyle.vietnamese.decimal(value, places: places) + "%"
    }
}

/// Separators used to write numbers.
struct NumberStyle: Sendable, Hashable {
    var decimalSeparator: String
    var groupingSeparator: String?

    /// `1.234,56`
    static let vietnamese = NumberStyle(decimalSeparator: ",", groupingSeparator: ".")
    /// `1234.56`, for machine-readable output.
    static let plain = NumberStyle(decimalSeparator: ".", groupingSeparator: nil)

    func integer(_ value: Int) -> String {
        let magnitude = String(value.magnitude)
        return (value < 0 ? "-" : "") + group(magnitude)
    }

    func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "-" }
        return render(DecimalDigits(value), places: max(0, places))
    }

    func percent(_ fraction: Double, places: Int) -> String {
        guard fraction.isFinite else { return "-" }
        return render(DecimalDigits(fraction).shifted(by: 2), places: max(0, places)) + "%"
    }

    /// The text of a cell value in this style; null is `-`.
    func text(of value: CellValue) -> String {
        switch value {
        case .text(let text): text
        case .integer(let number): integer(number)
        case .decimal(let number, let places): decimal(number, places: places)
        case .percent(let fraction, let places): percent(fraction, places: places)
        case .null: "-"
        }
    }

    private func render(_ number: DecimalDigits, places: Int) -> String {
        let (negative, integerPart, fractionPart) = number.rounded(places: places)
        var text = group(integerPart)
        if places > 0 { text += decimalSeparator + fractionPart }
        let isZero = integerPart.allSatisfy { $0 == "0" } && fractionPart.allSatisfy { $0 == "0" }
        return (negative && !isZero ? "-" : "") + text
    }

    private func group(_ digits: String) -> String {
        guard let separator = groupingSeparator, digits.count > 3 else { return digits }
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += separator }
            result.append(digit)
        }
        return result
    }
}

/// The shortest decimal representation of a finite `Double`: `significand × 10^exponent`.
struct DecimalDigits: Sendable, Hashable {
    var negative: Bool
    /// Decimal digits of the significand, without leading zeros ("0" for zero).
    var digits: [UInt8]
    var exponent: Int

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        var digits = digits
        while digits.count > 1 && digits.first == 0 { digits.removeFirst() }
        self.negative = negative
        self.digits = digits.isEmpty ? [0] : digits
        self.exponent = exponent
    }

    /// Parses `value.description` ("85.05", "1e-05", "1.2345e+16"); non-finite values become zero.
    init(_ value: Double) {
        guard value.isFinite else {
            self.init(negative: false, digits: [0], exponent: 0)
            return
        }
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits: [UInt8] = []
        var seenPoint = false
        for character in text {
            if character == "." {
                seenPoint = true
            } else if let digit = character.wholeNumberValue {
                digits.append(UInt8(digit))
                if seenPoint { exponent -= 1 }
            }
        }
        self.init(negative: negative, digits: digits, exponent: exponent)
    }

    /// The same digits multiplied by 10^places.
    func shifted(by places: Int) -> DecimalDigits {
        DecimalDigits(negative: negative, digits: digits, exponent: exponent + places)
    }

    /// The nearest `Double`.
    var doubleValue: Double {
        let text = (negative ? "-" : "") + digits.map { String($0) }.joined() + "e" + String(exponent)
        return Double(text) ?? 0
    }

    /// Shortest plain text without exponent, e.g. "0.6467", "67140", "-3.5".
    var plainText: String {
        let significand = digits.map { String($0) }.joined()
        let body: String
        if exponent >= 0 {
            body = significand == "0" ? "0" : significand + String(repeating: "0", count: exponent)
        } else {
            let fractionLength = -exponent
            let padded = String(repeating: "0", count: max(0, fractionLength + 1 - significand.count)) + significand
            let split = padded.index(padded.endIndex, offsetBy: -fractionLength)
            var fraction = String(padded[split...])
            while fraction.hasSuffix("0") { fraction.removeLast() }
            body = fraction.isEmpty ? String(padded[..<split]) : padded[..<split] + "." + fraction
        }
        let isZero = digits.allSatisfy { $0 == 0 }
        return (negative && !isZero ? "-" : "") + body
    }

    /// Rounds half away from zero to `places` decimals; returns the sign, integer digits and fraction digits.
    func rounded(places: Int) -> (negative: Bool, integer: String, fraction: String) {
        // scaled = digits × 10^(exponent + places), rounded to an integer.
        let shift = exponent + places
        var scaled: [UInt8]
        if shift >= 0 {
            scaled = digits + [UInt8](repeating: 0, count: shift)
        } else {
            let drop = -shift
            if drop > digits.count {
                scaled = [0]
            } else {
                scaled = Array(digits[..<(digits.count - drop)])
                let firstDropped = digits[digits.count - drop]
                if scaled.isEmpty { scaled = [0] }
                if firstDropped >= 5 {
                    var index = scaled.count - 1
                    while true {
                        if scaled[index] == 9 {
                            scaled[index] = 0
                            if index == 0 {
                                scaled.insert(1, at: 0)
                                break
                            }
                            index -= 1
                        } else {
                            scaled[index] += 1
                            break
                        }
                    }
                }
            }
        }
        if scaled.count <= places {
            scaled = [UInt8](repeating: 0, count: places + 1 - scaled.count) + scaled
        }
        let integerDigits = scaled[..<(scaled.count - places)]
        let fractionDigits = scaled[(scaled.count - places)...]
        var integer = integerDigits.map { String($0) }.joined()
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        return (negative, integer, fractionDigits.map { String($0) }.joined())
    }
}
