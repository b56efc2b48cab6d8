package import Providers

/// One pending request of a bucket, as the accumulator hands it to the planner.
package struct PlannerInput: Sendable, Hashable {
    /// The rendered request, possibly carrying the producer's own cache hints.
    package var request: LLMRequest
    /// The renderer's (or a calibrated) estimate of the whole prompt; it picks the price tier.
    package var estimatedInputTokens: Int

    /// An input as given.
    package init(request: LLMRequest, estimatedInputTokens: Int) {
        self.request = request
        self.estimatedInputTokens = estimatedInputTokens
    }
}
