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

    package var ttl: TTL

    package init(ttl: TTL = .fiveMinutes) {
        self.ttl = ttl
    }

    package static let fiveMinutes = CacheMark(ttl: .fiveMinutes)
    package static let oneHour = CacheMark(ttl: .oneHour)
}
