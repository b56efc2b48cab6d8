import ArgumentParser
import Emulator
import Foundation
import Logging

/// `sluice emulator`: the provider emulator on its own, for local work against real SDKs.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve emulated Anthropic, OpenAI and Gemini APIs on one port until SIGINT/SIGTERM.",
        discussion: """
            Prints the base URL on a line of its own once listening. Use it as ANTHROPIC_BASE_URL and \
            GEMINI_BASE_URL (Gemini clients pin api_version v1beta), and with /v1 appended as OPENAI_BASE_URL. \
            GET /_emulator/ledger shows what was billed; POST /_emulator/faults changes faults at run time.
            """
    )

    @Option(help: "Interface to bind.") var host = "127.0.0.1"
    @Option(help: "TCP port (0 picks a free one).") var port = 8089
    @Option(help: "Emulated seconds per real second.") var speedup = 1.0
    @Option(help: "Seed for ids, shuffles, outputs and faults.") var seed: UInt64 = 0
    @Option(help: "Concurrent batch items per provider, across its batches.") var workers = 16
    @Option(help: "Directory for uploads and result files (default: a temporary one).") var dataDir: String?
    @Option(help: "Accepted API key (repeatable; default: any non-empty key).") var apiKey: [String] = []
    @Option(help: "Output lengths: natural or max_tokens.") var outputLength = "natural"
    @Option(help: "Emulated seconds a new batch waits before processing.") var batchQueueDelay = 1.0
    @Option(help: "Gemini batch state spelling: batch (BATCH_STATE_*) or job (JOB_STATE_*).") var geminiStates = "batch"
    @Option(help: "OpenAI enqueued prompt-token cap per model.") var openaiEnqueuedTokenLimit: Int?

    @Option(help: "Fraction of requests answered 429.") var rateLimitRate = 0.0
    @Option(help: "Fraction answered 529 (Anthropic) / 503 (OpenAI, Gemini) overloaded.") var overloadedRate = 0.0
    @Option(help: "Fraction answered 500.") var serverErrorRate = 0.0
    @Option(help: "Fraction answered 503.") var unavailableRate = 0.0
    @Option(help: "retry-after of injected 429/529, seconds.") var retryAfter = 1.0
    @Option(help: "Only inject HTTP faults under this path prefix (repeatable).") var faultPathPrefix: [String] = []
    @Option(help: "Fraction of batch items that error.") var itemErrorRate = 0.0
    @Option(help: "Fraction of batch items that expire.") var itemExpiryRate = 0.0
    @Option(help: "Fraction of batches that fail (queue full).") var batchFailureRate = 0.0
    @Option(help: "Throttle result downloads to this many bytes per second.") var downloadBytesPerSecond: Double?
    @Option(help: "Fraction of result downloads cut off mid-body.") var downloadCutoffRate = 0.0
    @Option(help: "Where a cut download stops, as a fraction of the body.") var downloadCutoffFraction = 0.5

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        guard let outputLength = OutputLength(rawValue: outputLength) else {
            throw ValidationError("--output-length must be natural or max_tokens")
        }
        guard let geminiStates = GeminiStateStyle(rawValue: geminiStates) else {
            throw ValidationError("--gemini-states must be batch or job")
        }
        let logger = try logging.bootstrap(label: "sluice.emulator")

        var faults = EmulatorFaults()
        faults.rateLimitRate = rateLimitRate
        faults.overloadedRate = overloadedRate
        faults.serverErrorRate = serverErrorRate
        faults.unavailableRate = unavailableRate
        faults.retryAfterSeconds = retryAfter
        faults.pathPrefixes = faultPathPrefix.isEmpty ? nil : faultPathPrefix
        faults.itemErrorRate = itemErrorRate
        faults.itemExpiryRate = itemExpiryRate
        faults.batchFailureRate = batchFailureRate
        faults.downloadBytesPerSecond = downloadBytesPerSecond
        faults.downloadCutoffRate = downloadCutoffRate
        faults.downloadCutoffFraction = downloadCutoffFraction

        let configuration = EmulatorConfiguration(
            host: host, port: port, speedup: speedup, workers: workers, seed: seed, faults: faults,
            dataDirectory: dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) },
            apiKeys: apiKey.isEmpty ? nil : Set(apiKey), outputLength: outputLength,
            batchQueueDelay: batchQueueDelay, geminiStateStyle: geminiStates,
            openAIEnqueuedTokenLimit: openaiEnqueuedTokenLimit, logger: logger
        )
        let server = try EmulatorServer(configuration: configuration)
        try await server.runUntilTerminated { url in
            FileHandle.standardOutput.write(Data((url.absoluteString + "\n").utf8))
        }
    }
}
