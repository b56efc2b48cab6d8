/// The outcome of preparing a submission: the batches to create, in order, and the requests that
/// can never be sent as they are.
package struct BatchPreparation: Sendable {
    package var batches: [PreparedBatch]
    package var rejected: [RejectedRequest]

    package init(batches: [PreparedBatch], rejected: [RejectedRequest]) {
        self.batches = batches
        self.rejected = rejected
    }
}

/// A request refused before submission, with why (always category
/// ``ProviderError/Category/fixRequest``).
package struct RejectedRequest: Sendable {
    package var customID: String
    package var error: ProviderError

    package init(customID: String, error: ProviderError) {
        self.customID = customID
        self.error = error
    }
}
