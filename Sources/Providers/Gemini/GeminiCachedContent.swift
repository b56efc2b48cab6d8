package import Foundation

/// A Gemini explicit cache entry (`cachedContents/...`). Storage is billed per token-hour of TTL
/// (see ``PriceBook/cacheStorageCost(provider:model:tokens:hours:)``).
package struct GeminiCachedContent: Sendable, Hashable {
    /// `cachedContents/<id>`: pass it as ``LLMRequest/cachedContent``.
    package var name: String
    package var model: String?
    package var displayName: String?
    package var createTime: Date?
    package var updateTime: Date?
    package var expireTime: Date?
    /// Tokens held by the entry (what storage is billed on).
    package var totalTokenCount: Int?

    package init(
        name: String,
        model: String? = nil,
        displayName: String? = nil,
        createTime: Date? = nil,
        updateTime: Date? = nil,
        expireTime: Date? = nil,
        totalTokenCount: Int? = nil
    ) {
        self.name = name
        self.model = model
        self.displayName = displayName
        self.createTime = createTime
        self.updateTime = updateTime
        self.expireTime = expireTime
        self.totalTokenCount = totalTokenCount
    }
}
