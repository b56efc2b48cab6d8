extension AlertSnapshot {
    /// Prompt tokens of one provider and model in the window, from the providers' own usage.
    package struct CacheUsage: Sendable, Hashable {
        package var provider: ProviderName
        package var model: String
        /// Finished requests the usage sums (compared with ``AlertThresholds/minimumSample``).
        package var requests: Int
        package var usage: TokenUsage

        package init(provider: ProviderName, model: String, requests: Int, usage: TokenUsage) {
            self.provider = provider
            self.model = model
            self.requests = requests
            self.usage = usage
        }
    }
}
