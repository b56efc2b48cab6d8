/// Sums of estimated and provider-reported prompt tokens over a model's latest requests.
package struct TokenCalibrationSample: Sendable, Hashable {
    /// How many requests the sums cover.
    package var samples: Int
    /// Sluice's estimates of their whole prompts.
    package var estimatedTokens: Int
    /// What the provider counted for the same prompts.
    package var reportedTokens: Int

    package init(samples: Int, estimatedTokens: Int, reportedTokens: Int) {
        self.samples = samples
        self.estimatedTokens = estimatedTokens
        self.reportedTokens = reportedTokens
    }
}
