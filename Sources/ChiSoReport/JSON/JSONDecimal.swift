import ChiSoCore

/// A figure written with at most `places` decimals, rounded half away from zero (``Decimal2``) and without trailing
/// zeros (`85.05`, `16`, `3.9`), or `null` when absent.
public struct JSONDecimal: Encodable, Hashable, Sendable {
    /// The figure, nil when absent.
    public let value: Double?
    /// The number of decimals kept.
    public let places: Int

    /// A figure rounded to `places` decimals when written.
    public init(_ value: Double?, places: Int = 2) {
        self.value = value
        self.places = places
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard let value else { return try container.encodeNil() }
        // Adding zero turns a rounded -0 into 0.
        try container.encode(Decimal2.round(value, places: places) + 0)
    }
}

/// An optional member written as `null` when absent (a synthesized `Encodable` leaves an absent optional out).
@propertyWrapper
public struct NullEncoded<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
