import Foundation

extension String {
    /// The text in Unicode normalisation form C (precomposed), as every text ChiSo stores and shows.
    ///
    /// Pure ASCII text is returned as it is without calling into Foundation.
    var precomposedNFC: String {
        utf8.allSatisfy({ $0 < 0x80 }) ? self : precomposedStringWithCanonicalMapping
    }
}
