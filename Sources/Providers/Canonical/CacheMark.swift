/// A prompt-cache breakpoint placed after a block: everything up to and including the block is
/// the cached prefix.
///
/// Anthropic maps it to `cache_control: {"type": "ephemeral", "ttl": ...}`; OpenAI and Gemini
/// cache prefixes on their own, so their encoders ignore it (Gemini explicit caching goes through
/// ``LLMRequest/cachedContent`` instead).
package struct CacheMark: Hashable, Sendable, Codable {
    /// How long the provider keeps the entry after its last use.
    package enum TTL: String, Hashable, Sendable, Codable, CaseIterable {
        case fiveMinutes = "5m"
        case oneHour = "1h"
    }

    /// How long the entry lives after its last use.
    package var ttl: TTL

    /// A breakpoint with `ttl` (5 minutes by default).
    package init(ttl: TTL = .fiveMinutes) {
        self.ttl = ttl
    }

    /// A 5-minute breakpoint.
    package static let fiveMinutes = CacheMark(ttl: .fiveMinutes)
    /// A 1-hour breakpoint (use it for batches, which often run past 5 minutes).
    package static let oneHour = CacheMark(ttl: .oneHour)
}
