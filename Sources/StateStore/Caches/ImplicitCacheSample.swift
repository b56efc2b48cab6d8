/// How often a model's implicit prompt cache was actually read by requests sent after a primer
/// had written their prefix: the evidence for ``PlannerSettings/geminiImplicitHitRatio``.
package struct ImplicitCacheSample: Sendable, Hashable {
    /// Requests counted.
    package var requests: Int
    /// Those that read any cached tokens.
    package var hits: Int

    package init(requests: Int, hits: Int) {
        self.requests = requests
        self.hits = hits
    }
}
