/// Per-model facts the planner needs besides prices.
package struct ModelFacts: Sendable, Hashable {
    /// Shortest prompt prefix the provider will cache; shorter prefixes are processed uncached
    /// without error. Where snapshots disagree the book holds the larger (safer) value.
    package var minCacheableTokens: Int?
    package var contextWindow: Int?
    package var maxOutputTokens: Int?
    /// Default vector size of an embedding model.
    package var embeddingDimensions: Int?
    /// Where these facts come from, when not the entry's `source`.
    package var source: String?

    package init(
        minCacheableTokens: Int? = nil,
        contextWindow: Int? = nil,
        maxOutputTokens: Int? = nil,
        embeddingDimensions: Int? = nil,
        source: String? = nil
    ) {
        self.minCacheableTokens = minCacheableTokens
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.embeddingDimensions = embeddingDimensions
        self.source = source
    }

    /// `other`'s known facts over these.
    func merging(_ other: ModelFacts) -> ModelFacts {
        ModelFacts(
            minCacheableTokens: other.minCacheableTokens ?? self.minCacheableTokens,
            contextWindow: other.contextWindow ?? self.contextWindow,
            maxOutputTokens: other.maxOutputTokens ?? self.maxOutputTokens,
            embeddingDimensions: other.embeddingDimensions ?? self.embeddingDimensions,
            source: other.source ?? self.source
        )
    }
}
