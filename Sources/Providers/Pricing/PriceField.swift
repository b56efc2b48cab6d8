/// A price the book can hold, in USD per million tokens (storage: per million token-hours).
///
/// Raw values are the YAML keys. `cache_write` is a write at the provider's default TTL (5 min on
/// Anthropic, 30 min on OpenAI GPT-5.6+); `cache_write_5m` / `cache_write_1h` are Anthropic's
/// TTL-specific prices.
package enum PriceField: String, Sendable, Hashable, CaseIterable, Codable {
    case input
    case output
    case cacheWrite = "cache_write"
    case cacheWrite5m = "cache_write_5m"
    case cacheWrite1h = "cache_write_1h"
    case cacheRead = "cache_read"
    case batchInput = "batch_input"
    case batchOutput = "batch_output"
    case batchCacheWrite = "batch_cache_write"
    case batchCacheWrite5m = "batch_cache_write_5m"
    case batchCacheWrite1h = "batch_cache_write_1h"
    case batchCacheRead = "batch_cache_read"
    case flexInput = "flex_input"
    case flexOutput = "flex_output"
    case flexCacheRead = "flex_cache_read"
    case flexCacheWrite = "flex_cache_write"
    case cacheStoragePerMTokHour = "cache_storage_per_mtok_hour"
}
