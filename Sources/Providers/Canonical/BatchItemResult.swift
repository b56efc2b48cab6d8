/// The result of one request of a batch, matched by custom id (no provider keeps order).
package struct BatchItemResult: Hashable, Sendable {
    /// How the request ended.
    package enum Outcome: Hashable, Sendable {
        case succeeded(LLMResponse)
        case errored(ItemError)
        /// Not processed before the batch window closed; resubmit it.
        case expired
        /// Canceled with its batch before it ran.
        case canceled
    }

    package var customID: String
    package var outcome: Outcome

    package init(customID: String, outcome: Outcome) {
        self.customID = customID
        self.outcome = outcome
    }

    /// The response, when the request succeeded.
    package var response: LLMResponse? {
        if case .succeeded(let response) = self.outcome { return response }
        return nil
    }

    /// The canonical status word used in result events.
    package var status: String {
        switch self.outcome {
        case .succeeded: "succeeded"
        case .errored: "failed"
        case .expired: "expired"
        case .canceled: "canceled"
        }
    }
}
