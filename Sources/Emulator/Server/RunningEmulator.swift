package import Foundation
import ServiceLifecycle

/// A started emulator, as `withRunningEmulator` hands it to its body.
package struct RunningEmulator: Sendable {
    /// The server.
    package let server: EmulatorServer
    /// `http://127.0.0.1:PORT`: the Anthropic base URL (`ANTHROPIC_BASE_URL`).
    package let baseURL: URL

    /// The OpenAI base URL, which includes `/v1` (`OPENAI_BASE_URL`).
    package var openAIBaseURL: URL { baseURL.appendingPathComponent("v1") }

    /// The Gemini base URL (the host root; clients pin API version `v1beta`).
    package var geminiBaseURL: URL { baseURL }

    /// The ledger now.
    package func ledger() -> LedgerSnapshot { server.ledger() }

    /// Replaces the faults in force.
    package func setFaults(_ faults: EmulatorFaults) { server.setFaults(faults) }

    /// The emulated clock.
    package var clock: EmulatorClock { server.clock }
}

/// Starts an emulator on its configured address (use port 0 in tests), runs `body` with it, and
/// shuts it down gracefully afterwards, also when `body` throws.
/// - Throws: what `body` throws, or why the server could not start.
package func withRunningEmulator<T>(
    _ configuration: EmulatorConfiguration = EmulatorConfiguration(),
    _ body: (RunningEmulator) async throws -> T
) async throws -> T {
    let server = try EmulatorServer(configuration: configuration)
    let group = ServiceGroup(services: [server], logger: configuration.logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let outcome: Result<T, any Error>
        do {
            let url = try await server.waitUntilRunning()
            outcome = .success(try await body(RunningEmulator(server: server, baseURL: url)))
        } catch {
            outcome = .failure(error)
        }
        await group.triggerGracefulShutdown()
        do {
            try await tasks.waitForAll()
        } catch {
            if case .success = outcome { throw error }
        }
        return try outcome.get()
    }
}
