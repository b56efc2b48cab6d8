internal import GRDB

/// What a local batch is for.
package enum BatchKind: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
    /// A provider batch of requests (the batch discount).
    case batch
    /// A request sent ahead of a batch to write a shared prefix to the provider's prompt cache;
    /// its items need not belong to requests.
    case primer
    /// A group of synchronous calls (a near deadline, or a provider without batch caching).
    case realtime
}
