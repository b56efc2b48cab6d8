import Foundation
import Logging

/// The parts every emulated provider shares: the catalogue, the sped-up clock, the ledger, the
/// fault injector, id generation and the data directory; and each provider's own worker pool
/// (providers do not share capacity: a long Anthropic batch must not hold up OpenAI's items).
final class EmulatorCore: Sendable {
    let configuration: EmulatorConfiguration
    let catalogue: ModelCatalogue
    let clock: EmulatorClock
    let ledger: BillingLedger
    let faults: FaultInjector
    let ids: IdentifierFactory
    let pools: [Provider: WorkPool]
    let dataDirectory: URL
    let logger: Logger

    init(configuration: EmulatorConfiguration, catalogue: ModelCatalogue, dataDirectory: URL) {
        self.configuration = configuration
        self.catalogue = catalogue
        self.clock = EmulatorClock(speedup: configuration.speedup)
        self.ledger = BillingLedger()
        self.faults = FaultInjector(seed: configuration.seed, faults: configuration.faults)
        self.ids = IdentifierFactory(seed: configuration.seed)
        self.pools = Dictionary(uniqueKeysWithValues: Provider.allCases.map { ($0, WorkPool()) })
        self.dataDirectory = dataDirectory
        self.logger = configuration.logger
    }

    /// The batch workers of `provider`.
    func pool(_ provider: Provider) -> WorkPool {
        guard let pool = pools[provider] else { preconditionFailure("every provider has a pool") }
        return pool
    }

    /// The emulated instant every pool has simulated through (the earliest of them).
    var simulatedThrough: Date {
        pools.values.map(\.simulatedThrough).min() ?? .distantPast
    }

    /// How many output tokens a request produces, and whether `max_tokens` cut it short.
    func outputTokens(maxTokens: Int, requestHash: UInt64) -> (tokens: Int, truncated: Bool) {
        guard maxTokens > 0 else { return (0, true) }
        switch configuration.outputLength {
        case .maxTokens:
            return (maxTokens, true)
        case .natural:
            let natural = 20 + Int(StableHash.mix(requestHash ^ configuration.seed) % 301)
            return natural > maxTokens ? (maxTokens, true) : (natural, false)
        }
    }

    /// Deterministic output text for a request, as a pre-encoded JSON string.
    func outputText(tokens: Int, requestHash: UInt64) -> JSONValue {
        .plainText(TextGenerator.generateBytes(tokens: tokens, seed: requestHash ^ StableHash.mix(configuration.seed)))
    }

    /// A fresh file path in the data directory.
    func newFileURL(_ name: String) -> URL {
        dataDirectory.appendingPathComponent(name)
    }

    /// Whether an API key is accepted.
    func accepts(apiKey: String) -> Bool {
        guard !apiKey.isEmpty else { return false }
        return configuration.apiKeys?.contains(apiKey) ?? true
    }
}
