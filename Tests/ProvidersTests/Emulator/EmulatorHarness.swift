import AsyncHTTPClient
import Emulator
import Foundation
import Logging
import NIOCore
import Providers
import Synchronization
import Testing

/// An in-process emulator on 127.0.0.1:0, one shared `HTTPClient`, and clients of the three
/// providers pointed at it, with a log recorder that captures everything the clients log.
struct EmulatorHarness: Sendable {
    static let apiKey = "sk-emulator-TEST-KEY-5d41402abc4b2a76b9719d911017c592"

    let emulator: RunningEmulator
    let http: HTTPClient
    let logs: LogRecorder
    let logger: Logger

    /// Fast retries so fault tests stay in the time budget.
    static let testRetry = RetryPolicy(
        maxAttempts: 6,
        initialBackoff: .milliseconds(10),
        maxBackoff: .milliseconds(100),
        maxRetryAfter: .seconds(5),
        maxTotalDuration: .seconds(20)
    )

    static func configuration(limits: BatchLimits? = nil) -> ProviderClientConfiguration {
        ProviderClientConfiguration(
            requestTimeout: .seconds(10),
            realtimeTimeout: .seconds(10),
            retry: Self.testRetry,
            downloadRetry: RetryPolicy(maxAttempts: 6, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50)),
            limits: limits
        )
    }

    func endpoint(_ provider: Providers.Provider, key: String = EmulatorHarness.apiKey) throws -> ProviderEndpoint {
        let base: URL =
            switch provider {
            case .anthropic: self.emulator.baseURL
            case .openai: self.emulator.openAIBaseURL
            case .gemini: self.emulator.geminiBaseURL
            }
        return try ProviderEndpoint(provider: provider, baseURL: base.absoluteString, apiKey: APIKey(key))
    }

    func anthropic(limits: BatchLimits? = nil, key: String = EmulatorHarness.apiKey) throws -> AnthropicClient {
        AnthropicClient(endpoint: try self.endpoint(.anthropic, key: key), httpClient: self.http, configuration: Self.configuration(limits: limits), logger: self.logger)
    }

    func openAI(limits: BatchLimits? = nil, key: String = EmulatorHarness.apiKey) throws -> OpenAIClient {
        OpenAIClient(endpoint: try self.endpoint(.openai, key: key), httpClient: self.http, configuration: Self.configuration(limits: limits), logger: self.logger)
    }

    func gemini(limits: BatchLimits? = nil, inputMode: GeminiBatchInputMode = .automatic, key: String = EmulatorHarness.apiKey) throws -> GeminiClient {
        GeminiClient(
            endpoint: try self.endpoint(.gemini, key: key),
            httpClient: self.http,
            configuration: Self.configuration(limits: limits),
            inputMode: inputMode,
            logger: self.logger
        )
    }

    /// A fast emulator: every emulated second lasts a tenth of a millisecond.
    static func emulatorConfiguration(
        faults: EmulatorFaults = .none,
        speedup: Double = 10_000,
        outputLength: OutputLength = .natural,
        workers: Int = 16,
        seed: UInt64 = 7,
        configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration(
            speedup: speedup,
            workers: workers,
            seed: seed,
            faults: faults,
            apiKeys: [Self.apiKey],
            outputLength: outputLength,
            logger: Logger(label: "emulator", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        configure(&configuration)
        return configuration
    }

    /// Runs `body` with a fresh emulator and HTTP client, both shut down afterwards.
    static func run<T: Sendable>(
        _ configuration: EmulatorConfiguration = EmulatorHarness.emulatorConfiguration(),
        readTimeout: TimeAmount = .seconds(10),
        _ body: (EmulatorHarness) async throws -> T
    ) async throws -> T {
        try await withRunningEmulator(configuration) { emulator in
            try await HTTPClient.withHTTPClient(configuration: .sluiceProviders(connectTimeout: .seconds(2), readTimeout: readTimeout)) { http in
                let logs = LogRecorder()
                var logger = Logger(label: "providers-e2e", factory: { _ in RecordingLogHandler(recorder: logs) })
                logger.logLevel = .trace
                return try await body(EmulatorHarness(emulator: emulator, http: http, logs: logs, logger: logger))
            }
        }
    }
}

// MARK: - Helpers

/// Polls until the batch reaches a terminal state.
func waitForEnd(_ client: some BatchProviderClient, id: String, timeout: Duration = .seconds(25)) async throws -> BatchSnapshot {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        let snapshot = try await client.retrieveBatch(id: id)
        if snapshot.state.isTerminal { return snapshot }
        guard clock.now < deadline else {
            throw TestFailure("batch \(id) still \(snapshot.providerStatus) after \(timeout)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// All results of a stream.
func collect(_ stream: BatchResultStream) async throws -> [BatchItemResult] {
    var items: [BatchItemResult] = []
    for try await item in stream {
        items.append(item)
    }
    return items
}

/// Creates, waits for and reads one prepared batch.
func runBatch(_ client: some BatchProviderClient, _ batch: PreparedBatch, label: String) async throws -> (BatchSnapshot, [BatchItemResult]) {
    let created = try await client.createBatch(batch, marker: BatchMarker(label: label, notBefore: Date(), requestCount: batch.requestCount))
    let ended = try await waitForEnd(client, id: created.id)
    return (ended, try await collect(try client.results(of: ended)))
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A prompt of roughly `words` words, distinct per `seed`.
func prose(_ words: Int, seed: Int = 0) -> String {
    let vocabulary = ["contract", "invoice", "clause", "party", "term", "payment", "notice", "schedule", "annex", "liability", "warranty", "delivery"]
    return (0..<words).map { vocabulary[($0 * 7 + seed) % vocabulary.count] }.joined(separator: " ")
}

// MARK: - Log capture

final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        self.lines.withLock { $0.append(line) }
    }

    var all: [String] { self.lines.withLock { $0 } }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { _, new in new }
        self.recorder.append("\(event.level) \(event.message) \(merged)")
    }
}
