/// What ``StateStore/resolvePending(_:at:)`` did.
package struct ResolveOutcome: Sendable, Hashable {
    /// Requests that were pending and are now final.
    package var resolved: [RequestKey] = []
    /// Requests left alone because they were not pending (planned meanwhile, already final, or
    /// unknown).
    package var skipped: [RequestKey] = []
    /// Outbox records written (a result already enqueued under the same dedupe key is not).
    package var newOutboxRecords: Int = 0

    package init() {}
}
