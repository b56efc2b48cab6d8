package import Providers

/// One pending request of a bucket, as the accumulator hands it to the planner.
package struct PlannerInput: Sendable, Hashable {
    /// The rendered request, possibly carrying the producer's own cache hints.
    package var request: LLMRequest
    /// The renderer's (or a calibrated) estimate of the whole prompt; it picks the price tier.
    package var estimatedInputTokens: Int
    /// The renderer's prefix group when the caller already knows it (the journal keeps it in the
    /// bucket): hashing a 12k-token prefix again per request is most of planning's cost.
    package var prefixGroup: String?

    /// An input as given.
    package init(request: LLMRequest, estimatedInputTokens: Int, prefixGroup: String? = nil) {
        self.request = request
        self.estimatedInputTokens = estimatedInputTokens
        self.prefixGroup = prefixGroup
    }
}
