/// One price table in USD per million tokens, as `models.yaml` lists it.
package struct ModelPrices: Sendable, Decodable, Equatable {
    /// Uncached input.
    package var input: Double
    /// Output (including thinking).
    package var output: Double
    /// Cache read; `nil` when the provider lists no price for this tier.
    package var cacheRead: Double?
    /// Anthropic 5-minute cache write.
    package var cacheWrite5m: Double?
    /// Anthropic 1-hour cache write.
    package var cacheWrite1h: Double?
    /// OpenAI GPT-5.6+ cache write.
    package var cacheWrite: Double?
    /// Gemini explicit cache storage, per million tokens per hour.
    package var cacheStoragePerHour: Double?

    enum CodingKeys: String, CodingKey {
        case input, output
        case cacheRead = "cache_read"
        case cacheWrite5m = "cache_write_5m"
        case cacheWrite1h = "cache_write_1h"
        case cacheWrite = "cache_write"
        case cacheStoragePerHour = "cache_storage_per_hour"
    }
}
