/// Comparison forms of Vietnamese unit names, for matching the portal's units to the province's.
///
/// The portal and the one-stop system name the same agency differently: "UBND xã Tân Lập" and "Xã Tân Lập",
/// "Sở Tư pháp - tỉnh Bình Phước" and "Sở Tư pháp", "Ủy ban nhân dân phường 1" and "Phường 1". The
/// comparison form folds case and diacritics (đ → d), drops the words "UBND" / "Ủy ban nhân dân" and a
/// trailing "- Tỉnh X" or "tỉnh X" naming the province, and collapses punctuation and whitespace. Prefixes
/// that tell agencies apart ("Sở", "Ban", "Xã", "Phường") are kept.
public enum VietnameseName {
    /// Folds a text to lower-case ASCII letters and digits: diacritics dropped, đ → d, anything else a space.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            // A combining mark (text in decomposed form) only adds a diacritic to the letter before it.
            if scalar.properties.canonicalCombiningClass != .notReordered { continue }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let base = baseLetter(scalar)
            if base.properties.isAlphabetic || base.properties.numericType != nil {
                for lower in base.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
                lastWasSpace = false
            } else if !lastWasSpace {
                out.append(" ")
                lastWasSpace = true
            }
        }
        var folded = String(out)
        while folded.hasSuffix(" ") { folded.removeLast() }
        return folded
    }

    /// The comparison form of a unit's name.
    ///
    /// - Parameter provinceName: the province's name ("Bình Phước", or "UBND tỉnh Bình Phước"); a trailing
    ///   "tỉnh <province>" or "thành phố <province>" is dropped when given. A trailing part after " - " that
    ///   starts with "tỉnh" or "thành phố" is dropped in any case.
    public static func comparisonForm(_ name: String, provinceName: String? = nil) -> String {
        var text = name
        // "Sở Tư pháp - tỉnh Bình Phước": the part after the last dash names the province.
        let characters = Array(text)
        if let dash = (0..<max(0, characters.count - 2)).last(where: {
            characters[$0] == " " && "-–".contains(characters[$0 + 1]) && characters[$0 + 2] == " "
        }) {
            let tail = fold(String(characters[(dash + 3)...]))
            if tail.hasPrefix("tinh ") || tail.hasPrefix("thanh pho ") { text = String(characters[..<dash]) }
        }
        var words = fold(text).split(separator: " ").map(String.init)
        words = dropping(["uy", "ban", "nhan", "dan"], from: words)
        words.removeAll { $0 == "ubnd" }
        if let provinceName {
            let province = dropping(["uy", "ban", "nhan", "dan"], from: fold(provinceName).split(separator: " ").map(String.init))
                .filter { $0 != "ubnd" }
            var place = province
            if place.first == "tinh" { place.removeFirst() } else if place.starts(with: ["thanh", "pho"]) { place.removeFirst(2) }
            for prefix in [["tinh"], ["thanh", "pho"]] where !place.isEmpty {
                let suffix = prefix + place
                if words.count > suffix.count, Array(words.suffix(suffix.count)) == suffix { words.removeLast(suffix.count) }
            }
        }
        return words.joined(separator: " ")
    }

    /// Similarity of two comparison forms in [0, 1]: the Dice coefficient of their character bigrams
    /// (1 for equal forms, 0 when they share no bigram).
    public static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        let x = bigrams(a)
        let y = bigrams(b)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var remaining = y
        var shared = 0
        for (pair, count) in x {
            let other = remaining[pair] ?? 0
            let common = min(count, other)
            shared += common
            remaining[pair] = other - common
        }
        let total = x.values.reduce(0, +) + y.values.reduce(0, +)
        return Double(2 * shared) / Double(total)
    }

    private static func bigrams(_ text: String) -> [String: Int] {
        let characters = Array(" \(text) ")
        guard characters.count > 1 else { return [:] }
        var out: [String: Int] = [:]
        for i in 0..<(characters.count - 1) { out[String(characters[i...i + 1]), default: 0] += 1 }
        return out
    }

    /// Removes every occurrence of a sequence of words.
    private static func dropping(_ phrase: [String], from words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            if i + phrase.count <= words.count, Array(words[i..<i + phrase.count]) == phrase {
                i += phrase.count
            } else {
                out.append(words[i])
                i += 1
            }
        }
        return out
    }

    /// The base letter of a precomposed Vietnamese (or Latin-1) letter; the scalar itself otherwise.
    private static func baseLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return scalar }
        return folding[scalar] ?? scalar
    }

    private static let folding: [Unicode.Scalar: Unicode.Scalar] = {
        let groups: [(String, Character)] = [
            ("àáảãạăằắẳẵặâầấẩẫậ", "a"), ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "A"), ("èéẻẽẹêềếểễệ", "e"), ("ÈÉẺẼẸÊỀẾỂỄỆ", "E"),
            ("ìíỉĩị", "i"), ("ÌÍỈĨỊ", "I"), ("òóỏõọôồốổỗộơờớởỡợ", "o"), ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "O"),
            ("ùúủũụưừứửữự", "u"), ("ÙÚỦŨỤƯỪỨỬỮỰ", "U"), ("ỳýỷỹỵ", "y"), ("ỲÝỶỸỴ", "Y"), ("đ", "d"), ("Đ", "D"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = base.unicodeScalars.first! }
        }
        return table
    }()
}
