package import Providers

/// What to send for one bucket now.
///
/// Either a ``primer`` alone (the caller sends it as a one-request batch, keeps every other
/// request of the bucket pending until it completes, then plans them again with the prefix warm),
/// or ``requests`` to send now.
package struct BucketPlan: Sendable, Hashable, Codable {
    /// When set, send ONLY this request now (alone, as a one-request batch) and keep the others
    /// pending until it completes: it writes the shared prefix so that the fan-out reads it.
    package var primer: LLMRequest?
    /// Otherwise the requests to send now, in order (grouped by prefix), with cache marks / keys set.
    package var requests: [LLMRequest]
    /// The prefix arranged to be cached; `nil` when nothing is worth caching.
    package var prefix: PlannedPrefix?

    /// A plan as given.
    package init(primer: LLMRequest? = nil, requests: [LLMRequest], prefix: PlannedPrefix?) {
        self.primer = primer
        self.requests = requests
        self.prefix = prefix
    }

    /// Every request the plan sends now (the primer alone, or the fan-out).
    package var toSend: [LLMRequest] {
        primer.map { [$0] } ?? requests
    }
}
