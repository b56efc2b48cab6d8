/// How one OpenAI `prompt_cache_key` of a finished batch fared: the evidence for
/// `PlannerSettings.openAIOverflowMisses`.
package struct CacheRouteSample: Sendable, Hashable {
    /// The key the requests were sent with.
    package var cacheKey: String
    /// The batch's requests sent with it.
    package var requests: Int
    /// Those, long enough to cache, that read nothing from the cache.
    package var misses: Int

    package init(cacheKey: String, requests: Int, misses: Int) {
        self.cacheKey = cacheKey
        self.requests = requests
        self.misses = misses
    }
}
