package import Foundation

/// What the accumulator knows about one bucket of pending requests (one provider, model,
/// endpoint and prefix group): enough to decide when it goes out, without the requests themselves.
package struct BucketState: Sendable, Hashable {
    package var count: Int
    package var bytes: Int
    /// When the oldest pending request of each priority arrived.
    package var oldestByPriority: [Priority: Date]
    /// The earliest deadline among the pending requests.
    package var earliestDeadline: Date?
    /// The provider's own ceiling for one batch (requests and bytes).
    package var providerMaxRequests: Int
    package var providerMaxBytes: Int

    package init(
        count: Int, bytes: Int, oldestByPriority: [Priority: Date], earliestDeadline: Date?,
        providerMaxRequests: Int, providerMaxBytes: Int
    ) {
        self.count = count
        self.bytes = bytes
        self.oldestByPriority = oldestByPriority
        self.earliestDeadline = earliestDeadline
        self.providerMaxRequests = providerMaxRequests
        self.providerMaxBytes = providerMaxBytes
    }
}
