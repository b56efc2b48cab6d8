extension TokenEstimator {
    /// Fewer answered requests than this leave the estimate as it is: a handful of odd prompts
    /// should not move every later decision.
    package static let calibrationMinimumSamples = 20
    /// A correction beyond these bounds says the sample is wrong (a different model behind the
    /// same name, a tokenizer bug), not that the text got denser; it is clamped.
    package static let calibrationBounds: ClosedRange<Double> = 0.5...2.0

    /// How many provider tokens one estimated token turned out to be, from sums over a model's
    /// latest answered requests; `nil` while there are too few of them.
    ///
    /// The estimate that decides breakpoints (a prefix must clear the model's minimum with
    /// margin, or it silently does not cache) is only as good as four characters a token, which
    /// is off by tens of percent for code, numbers or non-English text. Providers report the
    /// true count with every result, so the planner corrects itself per model as results arrive.
    package static func calibrationRatio(estimatedTokens: Int, reportedTokens: Int, samples: Int) -> Double? {
        guard samples >= calibrationMinimumSamples, estimatedTokens > 0, reportedTokens > 0 else { return nil }
        let ratio = Double(reportedTokens) / Double(estimatedTokens)
        return min(max(ratio, calibrationBounds.lowerBound), calibrationBounds.upperBound)
    }

    /// This estimator corrected by `ratio` provider tokens per estimated token.
    package func scaled(by ratio: Double) -> TokenEstimator {
        guard ratio > 0, ratio.isFinite else { return self }
        return TokenEstimator(charactersPerToken: charactersPerToken / ratio)
    }
}
