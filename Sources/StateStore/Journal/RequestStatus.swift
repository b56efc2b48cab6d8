internal import GRDB

/// Where a journaled request is in its life.
///
/// `pending` → `planned` (in a batch) → `completed` | `failed`, and `planned` → `pending` again
/// when an attempt is to be retried. A pending request may also be resolved directly (answered from
/// the response cache, or failed after too many attempts). See ``allows(_:)``.
package enum RequestStatus: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
    /// Journaled, waiting in its bucket.
    case pending
    /// Part of a planned or in-flight batch, with an open attempt.
    case planned
    /// A result was published for it (final).
    case completed
    /// It failed for good; a failed result was published for it (final).
    case failed

    /// True for `completed` and `failed`, which nothing leaves.
    package var isFinal: Bool { self == .completed || self == .failed }

    /// Whether a request may go from this status to `next`.
    package func allows(_ next: RequestStatus) -> Bool {
        switch (self, next) {
        case (.pending, .planned), (.pending, .completed), (.pending, .failed): true
        case (.planned, .pending), (.planned, .completed), (.planned, .failed): true
        default: false
        }
    }
}
