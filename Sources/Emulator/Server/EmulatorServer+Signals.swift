package import Foundation
import ServiceLifecycle
import UnixSignals

extension EmulatorServer {
    /// Runs the emulator on its own until SIGINT or SIGTERM, then shuts down gracefully.
    /// - Parameter onReady: called once with the base URL when the server listens.
    /// - Throws: when the server cannot start.
    package func runUntilTerminated(onReady: @escaping @Sendable (URL) -> Void) async throws {
        let group = ServiceGroup(
            services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: configuration.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let url = try await self.waitUntilRunning()
                onReady(url)
            }
            try await tasks.waitForAll()
        }
    }
}
