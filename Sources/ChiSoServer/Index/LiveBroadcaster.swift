import ChiSoReport
import Foundation
import Synchronization

/// Fans live updates out to the subscribers of the server-sent-events stream.
///
/// Each subscriber gets its own `AsyncStream` with a small buffer (newest kept): a slow client never holds the
/// index back.
final class LiveBroadcaster: Sendable {
    private struct State {
        var next = 0
        var subscribers: [Int: AsyncStream<LiveEvent>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// The number of connected subscribers.
    var count: Int { state.withLock { $0.subscribers.count } }

    /// A new subscription: the stream of event payloads (JSON text), ended when the subscriber goes away.
    func subscribe() -> AsyncStream<LiveEvent> {
        let (stream, continuation) = AsyncStream<LiveEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = state.withLock { s -> Int in
            s.next += 1
            s.subscribers[s.next] = continuation
            return s.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends a payload to every subscriber.
    func publish(_ payload: LiveEvent) {
        let targets = state.withLock { Array($0.subscribers.values) }
        for c in targets { c.yield(payload) }
    }

    /// Ends every subscription (shutdown).
    func finishAll() {
        let targets = state.withLock { s -> [AsyncStream<LiveEvent>.Continuation] in
            let all = Array(s.subscribers.values)
            s.subscribers = [:]
            return all
        }
        for c in targets { c.finish() }
    }
}

/// A unit's figures in an event of the live stream: every figure in an update, the total and classification in the
/// snapshot sent on connection.
struct LiveUnitFigures: Encodable, Sendable {
    let code: String
    var name: String?
    var kind: String?
    let total: JSONDecimal
    @NullEncoded var classification: String?
    var groups: [String: ScoresDocument.Group]?
    var indicators: [String: ScoresDocument.Indicator]?
    var processing: ScoresDocument.Processing?

    init(
        code: String, name: String? = nil, kind: String? = nil, total: JSONDecimal, classification: String?,
        groups: [String: ScoresDocument.Group]? = nil, indicators: [String: ScoresDocument.Indicator]? = nil,
        processing: ScoresDocument.Processing? = nil
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.total = total
        self.classification = classification
        self.groups = groups
        self.indicators = indicators
        self.processing = processing
    }
}

/// One change of the live index: the period, the judging instant and the units whose figures changed.
struct LiveEvent: Sendable {
    private struct Line: Encodable {
        let period: String
        let asOf: String
        let units: [LiveUnitFigures]

        enum CodingKeys: String, CodingKey {
            case period, units
            case asOf = "as_of"
        }
    }

    let period: String
    let asOf: String
    /// The units' figures.
    let units: [LiveUnitFigures]
    /// The line with every unit, rendered once for all the subscribers who see every unit.
    private let everyUnit: String

    init(period: String, asOf: String, units: [LiveUnitFigures]) {
        self.period = period
        self.asOf = asOf
        self.units = units
        everyUnit = Self.render(period: period, asOf: asOf, units: units)
    }

    /// One line of JSON with the units a subscriber may see (all when nil); nil when none is left.
    func line(visible: Set<String>?, keepEmpty: Bool = false) -> String? {
        guard let visible else { return keepEmpty || !units.isEmpty ? everyUnit : nil }
        let shown = units.filter { visible.contains($0.code) }
        guard keepEmpty || !shown.isEmpty else { return nil }
        return Self.render(period: period, asOf: asOf, units: shown)
    }

    private static func render(period: String, asOf: String, units: [LiveUnitFigures]) -> String {
        // The figures are finite (Core's scores), so encoding cannot fail.
        (try? JSONOutput.text(Line(period: period, asOf: asOf, units: units), pretty: false)) ?? "{}"
    }
}
