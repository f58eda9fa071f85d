/// Rounding and Vietnamese formatting of figures shown with a fixed number of decimals.
public enum Decimal2 {
    /// Rounds half away from zero to `places` decimals.
    ///
    /// Rates and points are ratios of integers computed in binary floating point, so a value whose exact
    /// decimal form ends in 5 (201/200 = 1.005) may be stored a hair below it; a tolerance of 1e-9 in the
    /// scaled value restores the decimal answer without moving any value that is not that close to a tie.
    public static func round(_ value: Double, places: Int = 2) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = value * scale
        let nudged = scaled + (scaled >= 0 ? 1e-9 : -1e-9)
        return nudged.rounded(.toNearestOrAwayFromZero) / scale
    }

    /// Vietnamese form with a decimal comma, trailing zeros dropped: 85,05 ; 16 ; 3,9.
    public static func vietnamese(_ value: Double, places: Int = 2) -> String {
        format(value, places: places, decimalSeparator: ",", trimZeros: true)
    }

    /// Plain form with a decimal point and exactly `places` decimals: 85.05 ; 16.00.
    public static func plain(_ value: Double, places: Int = 2) -> String {
        format(value, places: places, decimalSeparator: ".", trimZeros: false)
    }

    static func format(_ value: Double, places: Int, decimalSeparator: String, trimZeros: Bool) -> String {
        let r = round(value, places: places)
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let units = Int64((abs(r) * Double(scale)).rounded())
        let whole = units / scale
        var fraction = places > 0 ? String(units % scale) : ""
        while fraction.count < places { fraction = "0" + fraction }
        if trimZeros { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = r < 0 && units != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : decimalSeparator + fraction)
    }
}
