import ChiSoReport
import Foundation
import Testing

@Suite struct JSONOutputTests {
    private struct Sample: Encodable {
        let zeta: JSONDecimal
        let alpha: JSONDecimal
        @NullEncoded var parent: String?
        var omitted: String?
        let similarity: JSONDecimal
    }

    @Test func decimalsAreRoundedHalfAwayFromZeroWithoutTrailingZeros() throws {
        let values: [(Double?, String)] = [(85.05, "85.05"), (16, "16"), (3.9, "3.9"), (201.0 / 200, "1.01"), (-0.001, "0"), (nil, "null")]
        for (value, expected) in values {
            #expect(try JSONOutput.text(JSONDecimal(value), pretty: false) == expected)
        }
        #expect(try JSONOutput.text(JSONDecimal(2.0 / 3, places: 3), pretty: false) == "0.667")
    }

    @Test func keysAreSortedAndAbsentValuesAreNullOnlyWhereDeclared() throws {
        let sample = Sample(zeta: JSONDecimal(1), alpha: JSONDecimal(nil), parent: nil, omitted: nil, similarity: JSONDecimal(0.5))
        #expect(try JSONOutput.text(sample, pretty: false) == #"{"alpha":null,"parent":null,"similarity":0.5,"zeta":1}"#)
        // The document form is indented by two spaces, Vietnamese text and slashes unescaped.
        let text = try JSONOutput.text(["tên": "Sở Tư pháp / UBND"])
        #expect(text == "{\n  \"tên\" : \"Sở Tư pháp / UBND\"\n}")
        // The same value gives the same text every time (dictionary order does not leak).
        let many = Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\($0)", $0) })
        #expect(try JSONOutput.text(many) == (try JSONOutput.text(many)))
        #expect(try JSONOutput.text(many, pretty: false).hasPrefix(#"{"k0":0,"k1":1,"k10":10,"#))
    }
}
