import Logging
import ServiceLifecycle

/// Computes the closed periods the overview shows once, when the server starts, instead of on the first
/// request; then stays until graceful shutdown (a service that returns would stop the group).
struct IndexWarmupService: Service {
    let index: IndexService
    let logger: Logger
    let clock: ContinuousClock = ContinuousClock()

    func run() async throws {
        let start = clock.now
        do {
            try await index.warm()
            let elapsed = clock.now - start
            let periods = await index.cachedClosedPeriods
            logger.notice("index.warmed", metadata: ["index.periods": "\(periods)", "index.seconds": "\(elapsed.components.seconds)"])
        } catch is CancellationError {
            return
        } catch {
            logger.error("index.warm.failed", metadata: ["error": "\(error)"])
        }
        try? await gracefulShutdown()
    }
}
