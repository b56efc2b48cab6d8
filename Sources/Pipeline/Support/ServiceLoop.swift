import Logging
internal import ServiceLifecycle

/// The shape every pipeline stage runs in: do one pass, then sleep until rung or until the pass
/// asked to be back. Graceful shutdown wakes the sleep and lets the pass in progress finish (a
/// provider call or a transaction is never cut in half); the loop then ends.
enum ServiceLoop {
    /// - Parameter pass: one round of work; returns how long it may sleep before the next.
    static func run(
        name: String, doorbell: Doorbell, logger: Logger, pass: @Sendable () async throws -> Duration
    ) async {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                var sleep: Duration
                do {
                    sleep = try await pass()
                } catch {
                    // Stopped mid-pass: nothing to retry.
                    if Task.isCancelled { break }
                    logger.error("\(name) pass failed; retrying", metadata: ["error": "\(error)"])
                    sleep = .seconds(1)
                }
                if Task.isShuttingDownGracefully { break }
                if sleep > .zero { await doorbell.wait(timeout: sleep) }
            }
        } onGracefulShutdown: {
            doorbell.ring()
        }
        logger.debug("\(name) stopped")
    }
}
