package import Providers

/// One request of a workload, as the theoretical minimum needs it.
package struct MinimumCostInput: Sendable, Hashable {
    /// Who serves it.
    package var provider: Provider
    /// The model id.
    package var model: String
    /// The renderer's prefix group: requests of one group share their cacheable prefix.
    package var prefixGroup: String
    /// Actual reported total prompt tokens of the request (0 if it never ran).
    package var promptTokens: Int
    /// Actual reported output tokens.
    package var outputTokens: Int
    /// The renderer's estimate of the shared prefix.
    package var estimatedPrefixTokens: Int
    /// The renderer's estimate of the whole prompt; with ``promptTokens`` it calibrates the prefix.
    package var estimatedPromptTokens: Int
    /// Identical requests share one key and are counted once.
    package var dedupeKey: String?
    /// Prompt tokens the provider reported reading from or writing to its cache for this request:
    /// its own count of a prefix it did cache, which no estimate can beat (0 when none).
    package var cachedTokens: Int
    /// The request's prefix chain with estimated cumulative tokens (``PrefixAnalysis/chains(of:estimator:minimumTokens:)``):
    /// shared part block by block, then a split-off common part of its final block. With chains,
    /// a prefix shared across prefix groups (a preamble) is counted written once; without one the
    /// request's prefix group is its only cacheable prefix.
    package var prefixChain: [PrefixTrie.Point]

    /// An input as given.
    package init(
        provider: Provider, model: String, prefixGroup: String, promptTokens: Int, outputTokens: Int,
        estimatedPrefixTokens: Int, estimatedPromptTokens: Int, dedupeKey: String? = nil, cachedTokens: Int = 0,
        prefixChain: [PrefixTrie.Point] = []
    ) {
        self.prefixChain = prefixChain
        self.provider = provider
        self.model = model
        self.prefixGroup = prefixGroup
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.estimatedPrefixTokens = estimatedPrefixTokens
        self.estimatedPromptTokens = estimatedPromptTokens
        self.dedupeKey = dedupeKey
        self.cachedTokens = cachedTokens
    }

    /// The prefix in the provider's token units: the estimate scaled by how far this request's
    /// whole-prompt estimate was off, capped at the prompt.
    var calibratedPrefixTokens: Int {
        guard estimatedPromptTokens > 0 else { return min(estimatedPrefixTokens, promptTokens) }
        let scaled = (estimatedPrefixTokens * promptTokens + estimatedPromptTokens / 2) / estimatedPromptTokens
        return min(max(scaled, 0), promptTokens)
    }
}
