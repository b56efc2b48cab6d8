package import Providers

/// The model each provider is benchmarked on: one representative of each family the issue names.
package enum BenchModels {
    /// The chat model of `provider`.
    package static func chat(_ provider: Provider) -> String {
        switch provider {
        case .anthropic: "claude-sonnet-4-5"
        case .openai: "gpt-5-mini"
        case .gemini: "gemini-2.5-flash"
        }
    }

    /// The embedding model of `provider`, where the provider has embedding batches (Anthropic
    /// has no embedding API).
    package static func embedding(_ provider: Provider) -> String? {
        switch provider {
        case .anthropic: nil
        case .openai: "text-embedding-3-small"
        case .gemini: "gemini-embedding-001"
        }
    }
}
