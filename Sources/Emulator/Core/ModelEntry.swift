/// One model of `models.yaml`: what the emulator serves, enforces and bills for it.
package struct ModelEntry: Sendable, Decodable, Equatable {
    /// How a model caches prompts.
    package enum CacheMode: String, Sendable, Decodable {
        case anthropicBreakpoints = "anthropic_breakpoints"
        case openAIPrefix = "openai_prefix"
        case openAIBreakpoints = "openai_breakpoints"
        case geminiImplicit = "gemini_implicit"
        case none
    }

    /// Chat or embedding.
    package enum Kind: String, Sendable, Decodable {
        case chat, embedding
    }

    /// A price tier that applies above a prompt size.
    package struct LongContext: Sendable, Decodable, Equatable {
        /// Prompts longer than this many tokens use this tier.
        package var thresholdTokens: Int
        /// Standard prices in this tier.
        package var prices: ModelPrices
        /// Batch prices in this tier.
        package var batchPrices: ModelPrices

        enum CodingKeys: String, CodingKey {
            case thresholdTokens = "threshold_tokens"
            case prices
            case batchPrices = "batch_prices"
        }
    }

    /// The canonical model id.
    package var id: String
    /// Other names accepted for it (dated snapshots, `-latest`).
    package var aliases: [String]
    /// Retired models answer "not found", as the provider does.
    package var retired: Bool
    /// The providers.md section(s) this entry comes from.
    package var source: String
    /// Chat or embedding.
    package var kind: Kind
    /// Caching behaviour.
    package var cacheMode: CacheMode
    /// Whether OpenAI `service_tier: flex` is accepted.
    package var flex: Bool
    /// Largest prompt plus output, in tokens.
    package var contextWindow: Int?
    /// Largest `max_tokens`.
    package var maxOutputTokens: Int?
    /// Largest embedding input, in tokens.
    package var maxInputTokens: Int?
    /// Shortest cacheable prefix, in tokens.
    package var minCacheableTokens: Int?
    /// Embedding dimension.
    package var dimensions: Int?
    /// Whether the embedding dimension cannot be reduced.
    package var fixedDimensions: Bool
    /// Standard prices.
    package var prices: ModelPrices
    /// Batch prices.
    package var batchPrices: ModelPrices
    /// Optional long-prompt tier.
    package var longContext: LongContext?
    /// Simulated time to first token, seconds.
    package var ttftSeconds: Double?
    /// Simulated output speed.
    package var outputTokensPerSecond: Double?

    enum CodingKeys: String, CodingKey {
        case id, aliases, retired, source, kind, flex, dimensions, prices
        case cacheMode = "cache_mode"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case maxInputTokens = "max_input_tokens"
        case minCacheableTokens = "min_cacheable_tokens"
        case fixedDimensions = "fixed_dimensions"
        case batchPrices = "batch_prices"
        case longContext = "long_context"
        case ttftSeconds = "ttft_seconds"
        case outputTokensPerSecond = "output_tokens_per_second"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
        retired = try container.decodeIfPresent(Bool.self, forKey: .retired) ?? false
        source = try container.decode(String.self, forKey: .source)
        kind = try container.decode(Kind.self, forKey: .kind)
        cacheMode = try container.decode(CacheMode.self, forKey: .cacheMode)
        flex = try container.decodeIfPresent(Bool.self, forKey: .flex) ?? false
        contextWindow = try container.decodeIfPresent(Int.self, forKey: .contextWindow)
        maxOutputTokens = try container.decodeIfPresent(Int.self, forKey: .maxOutputTokens)
        maxInputTokens = try container.decodeIfPresent(Int.self, forKey: .maxInputTokens)
        minCacheableTokens = try container.decodeIfPresent(Int.self, forKey: .minCacheableTokens)
        dimensions = try container.decodeIfPresent(Int.self, forKey: .dimensions)
        fixedDimensions = try container.decodeIfPresent(Bool.self, forKey: .fixedDimensions) ?? false
        prices = try container.decode(ModelPrices.self, forKey: .prices)
        batchPrices = try container.decode(ModelPrices.self, forKey: .batchPrices)
        longContext = try container.decodeIfPresent(LongContext.self, forKey: .longContext)
        ttftSeconds = try container.decodeIfPresent(Double.self, forKey: .ttftSeconds)
        outputTokensPerSecond = try container.decodeIfPresent(Double.self, forKey: .outputTokensPerSecond)
    }

    /// The price table for a prompt of `promptTokens` tokens in standard or batch mode.
    package func priceTable(batch: Bool, promptTokens: Int) -> ModelPrices {
        if let longContext, promptTokens > longContext.thresholdTokens {
            return batch ? longContext.batchPrices : longContext.prices
        }
        return batch ? batchPrices : prices
    }
}
