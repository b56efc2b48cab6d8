import Foundation

/// A prefix a bucket's primer is writing or wrote: while the primer is in flight another bucket
/// that shares the prefix waits for it, and once it ended the bucket counts the prefix warm for as
/// long as the entry lives at the provider, whether or not its write showed in the usage (one
/// under the provider's real minimum must not be primed again and again).
struct PrimingEntry: Sendable {
    /// The bucket whose primer writes it.
    var bucket: String
    /// The primer batch.
    var batch: UUID
    /// When to stop waiting for the primer while it is in flight.
    var giveUpAt: Date
    /// How long the written entry lives after the primer ended, on the pipeline's clock.
    var lifetime: TimeInterval
}
