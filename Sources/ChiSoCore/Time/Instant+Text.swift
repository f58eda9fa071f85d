extension Instant {
    /// ISO 8601 with the Vietnam offset, e.g. `2026-08-31T23:59:59+07:00`.
    public var iso8601: String { description.replacing(" ", with: "T") + "+07:00" }

    /// Vietnamese form, e.g. `23:59 ngày 31/08/2026`.
    public var vietnamese: String {
        let s = localSecondOfDay
        let hh = s / 3600, mm = s / 60 % 60
        return "\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm) ngày \(localDate.vietnamese)"
    }
}
