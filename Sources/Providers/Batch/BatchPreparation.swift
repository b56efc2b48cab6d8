/// The outcome of preparing a submission: the batches to create, in order, and the requests that
/// can never be sent as they are.
package struct BatchPreparation: Sendable {
    /// Batches to create, in submission order.
    package var batches: [PreparedBatch]
    /// Requests that cannot be sent as they are.
    package var rejected: [RejectedRequest]

    /// A preparation as given.
    package init(batches: [PreparedBatch], rejected: [RejectedRequest]) {
        self.batches = batches
        self.rejected = rejected
    }
}

/// A request refused before submission, with why (always category
/// ``ProviderError/Category/fixRequest``).
package struct RejectedRequest: Sendable {
    /// The rejected request.
    package var customID: String
    /// Why it was rejected.
    package var error: ProviderError

    /// A rejection as given.
    package init(customID: String, error: ProviderError) {
        self.customID = customID
        self.error = error
    }
}
