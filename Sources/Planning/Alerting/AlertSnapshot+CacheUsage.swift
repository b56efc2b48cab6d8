extension AlertSnapshot {
    /// Prompt tokens of one provider and model in the window, from the providers' own usage.
    package struct CacheUsage: Sendable, Hashable {
        /// The provider and model the usage was billed under.
        package var provider: ProviderName
        /// The model, as the provider names it.
        package var model: String
        /// Finished requests the usage sums (compared with ``AlertThresholds/minimumSample``).
        package var requests: Int
        /// Normalized token sums (uncached, cache read and cache write add up to the prompt).
        package var usage: TokenUsage

        /// One provider and model's usage in the window.
        package init(provider: ProviderName, model: String, requests: Int, usage: TokenUsage) {
            self.provider = provider
            self.model = model
            self.requests = requests
            self.usage = usage
        }
    }
}
