/// Per-request progress of a batch, as far as the provider shows it.
///
/// Anthropic keeps every count but `processing` at zero until the whole batch has ended, so
/// progress inside an Anthropic batch is not observable.
package struct BatchRequestCounts: Sendable, Hashable, Codable {
    package var total: Int
    package var processing: Int
    package var succeeded: Int
    package var errored: Int
    package var canceled: Int
    package var expired: Int

    package init(total: Int = 0, processing: Int = 0, succeeded: Int = 0, errored: Int = 0, canceled: Int = 0, expired: Int = 0) {
        self.total = total
        self.processing = processing
        self.succeeded = succeeded
        self.errored = errored
        self.canceled = canceled
        self.expired = expired
    }
}
