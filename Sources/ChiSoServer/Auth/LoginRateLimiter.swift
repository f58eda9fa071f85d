import Synchronization

/// Counts failed sign-ins per key (user name, client address) in a sliding window.
final class LoginRateLimiter: Sendable {
    private let attempts: Int
    private let window: Int64
    private let failures = Mutex<[String: [Int64]]>([:])

    init(attempts: Int, windowSeconds: Int) {
        self.attempts = attempts
        self.window = Int64(windowSeconds)
    }

    /// Whether any of the keys has used up its attempts at `now` (seconds).
    func isBlocked(_ keys: [String], now: Int64) -> Bool {
        failures.withLock { table in
            keys.contains { key in (table[key] ?? []).filter { $0 > now - window }.count >= attempts }
        }
    }

    /// Records a failure for the keys.
    func recordFailure(_ keys: [String], now: Int64) {
        failures.withLock { table in
            if table.count > 10_000 { table = table.filter { $0.value.contains { $0 > now - window } } }
            for key in keys { table[key, default: []] = (table[key] ?? []).filter { $0 > now - window } + [now] }
        }
    }

    /// Clears the keys after a success.
    func reset(_ keys: [String]) {
        failures.withLock { table in for key in keys { table[key] = nil } }
    }
}
