public import Foundation

/// The one configuration of JSON output, shared by the web application's answers and the command line's documents.
///
/// Keys are sorted, so that the text is the same from run to run; slashes are not escaped; documents are indented
/// by two spaces per level, the live stream's events are on one line. Figures with a fixed number of decimals are
/// ``JSONDecimal`` values, absent values that the schema keeps as `null` are ``NullEncoded``.
public enum JSONOutput {
    /// A JSON encoder with the package's settings.
    ///
    /// - Parameter pretty: indented (documents and API answers) or on one line (one event of a stream).
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON text of a value, without a final newline.
    ///
    /// - Throws: `EncodingError` when a value cannot be encoded (a number that is not finite).
    public static func text(_ value: some Encodable, pretty: Bool = true) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }
}
