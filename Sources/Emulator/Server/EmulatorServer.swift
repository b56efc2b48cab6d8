package import Foundation
import Logging
import Hummingbird
import ServiceLifecycle
import Synchronization

/// The provider emulator as a swift-service-lifecycle `Service`: one Hummingbird server that
/// answers for Anthropic, OpenAI and Gemini on one port, plus the worker pool that runs batch items
/// and a sweeper that moves batches through their lifecycles on the emulated clock.
///
/// - Important: `run()` may be called once. Use ``withRunningEmulator(_:_:)`` in tests, or put the
///   server in a `ServiceGroup` and call ``waitUntilRunning()`` to learn its base URL.
package final class EmulatorServer: Service, Sendable {
    private struct Binding {
        var baseURL: URL?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<URL, any Error>] = []
    }

    /// The configuration it was started with.
    package let configuration: EmulatorConfiguration
    let core: EmulatorCore
    let anthropic: AnthropicService
    let openAI: OpenAIService
    let gemini: GeminiService
    private let ownsDataDirectory: Bool
    private let binding = Mutex(Binding())

    /// Prepares an emulator (loads the catalogue, creates the data directory) without binding.
    /// - Throws: `EmulatorError` when the catalogue cannot be loaded or the directory created.
    package init(configuration: EmulatorConfiguration) throws {
        self.configuration = configuration
        let catalogue = try configuration.catalogue ?? ModelCatalogue.bundled()
        guard configuration.speedup > 0 else { throw EmulatorError.configuration("speedup must be positive") }
        guard configuration.workers > 0 else { throw EmulatorError.configuration("workers must be positive") }
        let directory: URL
        if let given = configuration.dataDirectory {
            directory = given
            ownsDataDirectory = false
        } else {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("sluice-emulator-\(UUID().uuidString)")
            ownsDataDirectory = true
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw EmulatorError.configuration("cannot create data directory \(directory.path): \(error)")
        }
        self.core = EmulatorCore(configuration: configuration, catalogue: catalogue, dataDirectory: directory)
        self.anthropic = AnthropicService(core: core)
        self.openAI = OpenAIService(core: core)
        self.gemini = GeminiService(core: core)
    }

    /// Serves until graceful shutdown or cancellation.
    package func run() async throws {
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { [self] request, context in
                await self.respond(to: request, context: context)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { [self] channel in
                self.didBind(port: channel.localAddress?.port)
            },
            logger: core.logger
        )
        var failure: (any Error)?
        await withTaskGroup(of: Void.self) { group in
            for pool in core.pools.values {
                group.addTask { [core] in
                    await pool.runWorkers(count: core.configuration.workers, clock: core.clock)
                }
            }
            group.addTask { [self] in
                await self.sweepUntilCancelled()
            }
            do {
                try await application.run()
            } catch {
                failure = error
            }
            for pool in core.pools.values { pool.close() }
            group.cancelAll()
        }
        didStop(failure ?? EmulatorError.notRunning("the emulator has stopped"))
        if ownsDataDirectory {
            try? FileManager.default.removeItem(at: core.dataDirectory)
        }
        if let failure { throw failure }
    }

    /// The base URL (`http://host:port`) once the server listens.
    /// - Throws: when the server failed to start or has stopped.
    package func waitUntilRunning() async throws -> URL {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<URL, any Error>? = binding.withLock { binding in
                if let url = binding.baseURL { return .success(url) }
                if let failure = binding.failure { return .failure(failure) }
                binding.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// The base URL, if the server is listening.
    package var baseURL: URL? { binding.withLock { $0.baseURL } }

    /// The ledger now.
    package func ledger() -> LedgerSnapshot { core.ledger.snapshot() }

    /// The faults in force.
    package var faults: EmulatorFaults { core.faults.faults }

    /// Replaces the faults in force.
    package func setFaults(_ faults: EmulatorFaults) { core.faults.faults = faults }

    /// The emulated clock (read `now`, or `advance(by:)` it).
    package var clock: EmulatorClock { core.clock }

    /// The catalogue in use.
    package var catalogue: ModelCatalogue { core.catalogue }

    /// Where uploads and results are kept.
    package var dataDirectory: URL { core.dataDirectory }

    private func didBind(port: Int?) {
        let host = configuration.host == "0.0.0.0" || configuration.host == "::" ? "127.0.0.1" : configuration.host
        let hostPart = host.contains(":") ? "[\(host)]" : host
        guard let port, let url = URL(string: "http://\(hostPart):\(port)") else {
            didStop(EmulatorError.startup("the server bound no TCP port"))
            return
        }
        let waiters = binding.withLock { binding in
            binding.baseURL = url
            let waiters = binding.waiters
            binding.waiters = []
            return waiters
        }
        core.logger.info("emulator listening", metadata: ["emulator.url": "\(url.absoluteString)"])
        for waiter in waiters { waiter.resume(returning: url) }
    }

    private func didStop(_ error: any Error) {
        let waiters = binding.withLock { binding in
            binding.baseURL = nil
            binding.failure = error
            let waiters = binding.waiters
            binding.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Moves batches along every few real milliseconds.
    private func sweepUntilCancelled() async {
        var lastPurge = ContinuousClock.now
        while !Task.isCancelled {
            let now = core.clock.now
            if ContinuousClock.now - lastPurge > .seconds(1) {
                lastPurge = ContinuousClock.now
                // Items may start at emulated instants behind the clock when the machine lags, so
                // only entries long dead even for them are dropped.
                let horizon = min(now, core.simulatedThrough).addingTimeInterval(-3600)
                anthropic.cache.purge(now: horizon)
                openAI.cache.purge(now: horizon)
                gemini.implicitCache.purge(now: horizon)
            }
            await anthropic.sweep(now: now)
            await openAI.sweep(now: now)
            await gemini.sweep(now: now)
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
