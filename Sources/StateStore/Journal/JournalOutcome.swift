/// What one group commit did: which requests are new and which were already journaled (a Kafka
/// re-delivery after a crash or rebalance, or a producer retry). Offsets of both may be stored.
package struct JournalOutcome: Sendable, Hashable {
    /// Requests written by this call, in input order.
    package var inserted: [RequestKey]
    /// Requests ignored because their (tenant, id) was already journaled, in input order (a repeat
    /// within the same group counts as a duplicate of its first occurrence).
    package var duplicates: [RequestKey]

    package init(inserted: [RequestKey] = [], duplicates: [RequestKey] = []) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}
