package import Foundation
package import Logging

/// Everything an emulator instance is started with.
///
/// | key | type | default | meaning |
/// |---|---|---|---|
/// | `host` | String | `127.0.0.1` | interface to bind |
/// | `port` | Int | `0` | TCP port; 0 picks a free one |
/// | `speedup` | Double | `1` | emulated seconds per real second |
/// | `workers` | Int | `16` | concurrent batch items per provider, across its batches |
/// | `seed` | UInt64 | `0` | seeds ids, shuffles, outputs and faults |
/// | `faults` | EmulatorFaults | none | injected faults (changeable at run time) |
/// | `dataDirectory` | URL? | temp dir | where uploads and result files live; a temp dir is removed on shutdown |
/// | `apiKeys` | Set<String>? | any | accepted API keys (not secret: test values); `nil` accepts any non-empty key |
/// | `outputLength` | OutputLength | `.natural` | generated output lengths |
/// | `batchQueueDelay` | Double | `1` | emulated seconds a new batch waits before its first item starts |
/// | `geminiStateStyle` | GeminiStateStyle | `.batchState` | spelling of Gemini batch states |
/// | `openAIEnqueuedTokenLimit` | Int? | none | per-model enqueued prompt-token cap; a batch over it fails with `token_limit_exceeded` |
/// | `catalogue` | ModelCatalogue? | bundled | models, prices and limits |
/// | `logger` | Logger | `Logger.current` | where the emulator logs (info and below) |
package struct EmulatorConfiguration: Sendable {
    /// Interface to bind.
    package var host: String
    /// TCP port; 0 picks a free one.
    package var port: Int
    /// Emulated seconds per real second.
    package var speedup: Double
    /// Concurrent batch items across all batches (the providers' worker pool).
    package var workers: Int
    /// Seeds ids, shuffles, outputs and faults.
    package var seed: UInt64
    /// Faults injected from the start.
    package var faults: EmulatorFaults
    /// Where uploads and result files live; `nil` makes a temporary directory removed on shutdown.
    package var dataDirectory: URL?
    /// Accepted API keys; `nil` accepts any non-empty key.
    package var apiKeys: Set<String>?
    /// Generated output lengths.
    package var outputLength: OutputLength
    /// Emulated seconds a new batch waits before its first item starts.
    package var batchQueueDelay: Double
    /// Spelling of Gemini batch states.
    package var geminiStateStyle: GeminiStateStyle
    /// Per-model cap on enqueued prompt tokens for OpenAI batches.
    package var openAIEnqueuedTokenLimit: Int?
    /// Models, prices and limits; `nil` loads the bundled `models.yaml`.
    package var catalogue: ModelCatalogue?
    /// Where the emulator logs.
    package var logger: Logger

    /// A configuration with the defaults of the table above.
    package init(
        host: String = "127.0.0.1",
        port: Int = 0,
        speedup: Double = 1,
        workers: Int = 16,
        seed: UInt64 = 0,
        faults: EmulatorFaults = .none,
        dataDirectory: URL? = nil,
        apiKeys: Set<String>? = nil,
        outputLength: OutputLength = .natural,
        batchQueueDelay: Double = 1,
        geminiStateStyle: GeminiStateStyle = .batchState,
        openAIEnqueuedTokenLimit: Int? = nil,
        catalogue: ModelCatalogue? = nil,
        logger: Logger = Logger.current
    ) {
        self.host = host
        self.port = port
        self.speedup = speedup
        self.workers = workers
        self.seed = seed
        self.faults = faults
        self.dataDirectory = dataDirectory
        self.apiKeys = apiKeys
        self.outputLength = outputLength
        self.batchQueueDelay = batchQueueDelay
        self.geminiStateStyle = geminiStateStyle
        self.openAIEnqueuedTokenLimit = openAIEnqueuedTokenLimit
        self.catalogue = catalogue
        self.logger = logger
    }
}
