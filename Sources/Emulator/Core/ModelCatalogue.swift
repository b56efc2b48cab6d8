import Foundation
import Yams

/// The providers the emulator stands in for.
package enum Provider: String, Sendable, Codable, CaseIterable {
    case anthropic, openai, gemini
}

/// Every model the emulator serves, loaded from `Resources/models.yaml` (or a file given in the
/// configuration), with its prices and limits. The emulator bills only from this.
package struct ModelCatalogue: Sendable {
    /// Simulated model speed used when an entry sets none.
    package struct SpeedDefaults: Sendable, Decodable {
        /// Time to first token, emulated seconds.
        package var ttftSeconds: Double
        /// Output tokens per emulated second.
        package var outputTokensPerSecond: Double
        /// Uncached prompt tokens prefilled per emulated second.
        package var prefillTokensPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case ttftSeconds = "ttft_seconds"
            case outputTokensPerSecond = "output_tokens_per_second"
            case prefillTokensPerSecond = "prefill_tokens_per_second"
        }
    }

    struct File: Decodable {
        var version: String
        var speedDefaults: SpeedDefaults
        var anthropic: [ModelEntry]
        var openai: [ModelEntry]
        var gemini: [ModelEntry]

        enum CodingKeys: String, CodingKey {
            case version, anthropic, openai, gemini
            case speedDefaults = "speed_defaults"
        }
    }

    /// The catalogue's date.
    package let version: String
    /// Default speeds.
    package let speed: SpeedDefaults
    private let models: [Provider: [ModelEntry]]
    private let index: [Provider: [String: ModelEntry]]

    /// Parses a catalogue from YAML text.
    /// - Throws: a decoding error when the YAML does not match the schema.
    package init(yaml: String) throws {
        let file = try YAMLDecoder().decode(File.self, from: yaml)
        self.version = file.version
        self.speed = file.speedDefaults
        self.models = [.anthropic: file.anthropic, .openai: file.openai, .gemini: file.gemini]
        var index: [Provider: [String: ModelEntry]] = [:]
        for (provider, entries) in models {
            var byName: [String: ModelEntry] = [:]
            for entry in entries {
                byName[entry.id] = entry
                for alias in entry.aliases { byName[alias] = entry }
            }
            index[provider] = byName
        }
        self.index = index
    }

    /// The catalogue bundled with the emulator.
    /// - Throws: when the resource is missing or malformed.
    package static func bundled() throws -> ModelCatalogue {
        guard let url = Bundle.module.url(forResource: "models", withExtension: "yaml") else {
            throw EmulatorError.configuration("models.yaml is missing from the Emulator bundle")
        }
        return try ModelCatalogue(yaml: String(contentsOf: url, encoding: .utf8))
    }

    /// The entry for `name` (id or alias); Gemini names may carry a `models/` prefix.
    package func model(_ name: String, provider: Provider) -> ModelEntry? {
        var key = name
        if provider == .gemini, key.hasPrefix("models/") { key.removeFirst("models/".count) }
        return index[provider]?[key]
    }

    /// All entries of a provider, in file order.
    package func models(of provider: Provider) -> [ModelEntry] {
        models[provider] ?? []
    }

    /// Simulated time to first token for `model`.
    package func ttft(_ model: ModelEntry) -> Double { model.ttftSeconds ?? speed.ttftSeconds }

    /// Simulated output speed for `model`.
    package func outputSpeed(_ model: ModelEntry) -> Double {
        model.outputTokensPerSecond ?? speed.outputTokensPerSecond
    }

    /// Emulated seconds a request takes: time to first token (plus prefill of uncached input),
    /// and the time until the first response byte, after which a cache entry it wrote is readable.
    package func timing(_ model: ModelEntry, uncachedInputTokens: Int, outputTokens: Int) -> (
        firstToken: Double, total: Double
    ) {
        let firstToken = ttft(model) + Double(uncachedInputTokens) / speed.prefillTokensPerSecond
        return (firstToken, firstToken + Double(outputTokens) / outputSpeed(model))
    }
}
