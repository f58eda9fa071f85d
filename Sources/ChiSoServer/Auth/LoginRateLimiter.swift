import Synchronization

/// Throttles sign-in attempts with three counters of failures in a sliding window (`loginWindowSeconds`):
///
/// | counter | blocks after | what it stops |
/// | --- | --- | --- |
/// | one account from one address | `attempts` failures (5) | guessing one password from one place |
/// | one account from any address | `4 × attempts` (20) | the same guess spread over many addresses |
/// | one address for any account | `10 × attempts` (50) | password spraying over many accounts from one address |
///
/// An attempt is refused when any of its three counters is full. The per-address ceiling is well above the
/// per-account limit so that the people behind one proxy or office gateway are not all locked out by one
/// colleague's mistakes: only that colleague's account is held back from that address. A success clears only its
/// own (account, address) counter: it never clears the account's counter from other addresses nor the address's
/// counter, so signing in with one valid account cannot reset the count of failures on other accounts. Unknown
/// accounts are counted exactly like known ones (they are not told apart). The price of the per-account counter is
/// that a determined attacker can hold one account back for one window; the window is short (5 minutes).
///
/// The table is bounded: expired entries are dropped first, then the oldest ones.
final class LoginRateLimiter: Sendable {
    /// The counters of one attempt.
    struct Keys: Sendable {
        let pair: String
        let account: String
        let address: String

        init(account: String, address: String) {
            self.pair = "pair:\(address)|\(account)"
            self.account = "account:\(account)"
            self.address = "address:\(address)"
        }
    }

    static let accountFactor = 4
    static let addressFactor = 10
    static let maxKeys = 50_000

    private let attempts: Int
    private let window: Int64
    private let failures = Mutex<[String: [Int64]]>([:])

    init(attempts: Int, windowSeconds: Int) {
        self.attempts = max(1, attempts)
        self.window = Int64(windowSeconds)
    }

    /// Whether any of the attempt's counters is full at `now` (seconds).
    func isBlocked(_ keys: Keys, now: Int64) -> Bool {
        failures.withLock { table in
            func count(_ key: String) -> Int { (table[key] ?? []).count { $0 > now - window } }
            return count(keys.pair) >= attempts || count(keys.account) >= attempts * Self.accountFactor
                || count(keys.address) >= attempts * Self.addressFactor
        }
    }

    /// Records a failure on the three counters.
    func recordFailure(_ keys: Keys, now: Int64) {
        failures.withLock { table in
            if table.count > Self.maxKeys { prune(&table, now: now) }
            for key in [keys.pair, keys.account, keys.address] {
                table[key] = (table[key] ?? []).filter { $0 > now - window } + [now]
            }
        }
    }

    /// Clears the (account, address) counter after a success; the account's and the address's counters stay.
    func recordSuccess(_ keys: Keys) {
        failures.withLock { table in table[keys.pair] = nil }
    }

    private func prune(_ table: inout [String: [Int64]], now: Int64) {
        table = table.filter { $0.value.contains { $0 > now - window } }
        guard table.count > Self.maxKeys else { return }
        let keep = table.sorted { ($0.value.last ?? 0) > ($1.value.last ?? 0) }.prefix(Self.maxKeys / 2)
        table = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
