/// Per-request progress of a batch, as far as the provider shows it.
///
/// Anthropic keeps every count but `processing` at zero until the whole batch has ended, so
/// progress inside an Anthropic batch is not observable.
package struct BatchRequestCounts: Sendable, Hashable, Codable {
    /// Requests in the batch.
    package var total: Int
    /// Not finished yet.
    package var processing: Int
    /// Finished with a response.
    package var succeeded: Int
    /// Finished with an error.
    package var errored: Int
    /// Canceled before running.
    package var canceled: Int
    /// Not run before the window closed.
    package var expired: Int

    /// Counts as given.
    package init(total: Int = 0, processing: Int = 0, succeeded: Int = 0, errored: Int = 0, canceled: Int = 0, expired: Int = 0) {
        self.total = total
        self.processing = processing
        self.succeeded = succeeded
        self.errored = errored
        self.canceled = canceled
        self.expired = expired
    }
}
