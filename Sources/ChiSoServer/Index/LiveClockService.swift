import ChiSoCore
import Logging
import ServiceLifecycle

/// The live index's clock: wakes at the next instant where a figure of the open month changes with the passage of
/// time alone (a deadline passing), not at a fixed tick; looks every `storeCheck` for data another process imported
/// into the store; publishes a heartbeat at least every `heartbeat`. Stops on graceful shutdown and ends the live
/// stream's subscriptions.
///
/// Records that arrive over HTTP do not wait for it: they are counted and published as they are accepted.
struct LiveClockService: Service {
    let index: IndexService
    /// The longest time without an event on the stream.
    let heartbeat: Duration
    /// How often the store is checked for imports by another process.
    let storeCheck: Duration
    let logger: Logger

    func run() async throws {
        defer { index.shutdownLive() }
        do {
            try await index.ensureLoaded()
        } catch {
            logger.error("index.load.failed", metadata: ["error": "\(error)"])
        }
        await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            var lastBeat = clock.now
            while !Task.isCancelled {
                do {
                    let wake = try await index.nextWake()
                    try await Task.sleep(for: Self.wait(from: index.now, to: wake, atMost: storeCheck))
                    try await index.checkImports()
                    let beat = clock.now - lastBeat >= heartbeat
                    if beat || index.now >= wake { try await index.tick(heartbeat: beat) }
                    if beat { lastBeat = clock.now }
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }  // shutting down: the store's answer was cancelled
                    logger.error("index.tick.failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: storeCheck)
                }
            }
        }
    }

    /// How long to sleep before `wake`, at most `limit`. Instants have whole seconds and `now` is rounded down, so
    /// waking after the returned time is waking at or after `wake`; a wake already due still yields briefly.
    static func wait(from now: Instant, to wake: Instant, atMost limit: Duration) -> Duration {
        let seconds = wake.secondsSinceEpoch - now.secondsSinceEpoch
        guard seconds > 0 else { return .milliseconds(1) }
        return min(.seconds(seconds), limit)
    }
}
