package import Providers

/// What to send for one bucket now.
///
/// Either ``primers`` alone (the caller sends them as one small batch, keeps every other request
/// of the bucket pending until it completes, then plans them again with the prefixes warm), or
/// ``requests`` to send now.
package struct BucketPlan: Sendable, Hashable, Codable {
    /// When not empty, send ONLY these requests now (one batch, one request per cold sub-group of
    /// the bucket) and keep the others pending until it completes: each writes its sub-group's
    /// prefix so that the fan-out reads it.
    package var primers: [LLMRequest]
    /// Otherwise the requests to send now, in order (grouped by prefix), with cache marks / keys set.
    package var requests: [LLMRequest]
    /// The prefix arranged to be cached; `nil` when nothing is worth caching.
    package var prefix: PlannedPrefix?

    /// A plan as given.
    package init(primers: [LLMRequest] = [], requests: [LLMRequest], prefix: PlannedPrefix?) {
        self.primers = primers
        self.requests = requests
        self.prefix = prefix
    }

    /// A plan whose only primer is `primer`.
    package init(primer: LLMRequest?, requests: [LLMRequest], prefix: PlannedPrefix?) {
        self.init(primers: primer.map { [$0] } ?? [], requests: requests, prefix: prefix)
    }

    /// The first primer, if the plan primes.
    package var primer: LLMRequest? { primers.first }

    /// Every request the plan sends now (the primers alone, or the fan-out).
    package var toSend: [LLMRequest] {
        primers.isEmpty ? requests : primers
    }
}
