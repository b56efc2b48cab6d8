/// How Sluice answered a request (result `mode`) or what a savings event summarizes.
package enum ExecutionMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A provider batch API (the 50% discount).
    case batch
    /// The synchronous API, e.g. to meet a near deadline.
    case realtime
    /// A provider's discounted, slower synchronous tier (OpenAI `service_tier: flex`).
    case flex
    /// An identical earlier request answered from Sluice's own response cache; nothing billed.
    case responseCache = "response_cache"
}
