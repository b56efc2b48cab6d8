package import Foundation

/// Why a bucket went out.
package enum FlushReason: String, Sendable, Hashable, CaseIterable {
    /// The configured request count was reached.
    case maxRequests = "max_requests"
    /// The configured byte size was reached.
    case maxBytes = "max_bytes"
    /// The provider's own per-batch ceiling was reached.
    case providerLimit = "provider_limit"
    /// The oldest normal (or in-window low) request waited `maxWait`.
    case maxAge = "max_age"
    /// A high-priority request waited its shorter limit.
    case highPriority = "high_priority"
    /// Waiting longer would miss the earliest deadline.
    case deadline
    /// Low-priority work waited for its schedule window, which is now open (or its cap ran out).
    case window
    /// Somebody asked (`POST /v1/flush`, shutdown).
    case onDemand = "on_demand"
}

/// What to do with a bucket now.
package enum FlushDecision: Sendable, Hashable {
    /// Nothing pending.
    case idle
    /// Release it now.
    case flush(FlushReason)
    /// Look again at this time (or earlier, if the bucket changes).
    case wait(until: Date, reason: FlushReason)
}

/// Where one request should go instead of waiting for a batch.
package enum RequestRoute: Sendable, Hashable {
    case batch
    /// A batch cannot meet its deadline, or it has waited longer than allowed: send it now
    /// (OpenAI's `flex` tier where the provider offers one).
    case realtime(RealtimeReason)

    package enum RealtimeReason: String, Sendable, Hashable {
        case deadline
        case age
    }
}
