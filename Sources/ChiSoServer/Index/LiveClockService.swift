import Logging
import ServiceLifecycle

/// Moves the live index's clock every few seconds, so that deadlines passing are published without any new
/// record; stops on graceful shutdown and ends the live stream's subscriptions.
struct LiveClockService: Service {
    let index: IndexService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        defer { index.shutdownLive() }
        do {
            try await index.ensureLoaded()
        } catch {
            logger.error("index.load.failed", metadata: ["error": "\(error)"])
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                    try await index.tick()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("index.tick.failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
