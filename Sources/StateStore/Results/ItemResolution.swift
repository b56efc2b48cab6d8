/// What a batch item's result means for its request.
package enum ItemResolution: Sendable, Hashable {
    /// Answered: the request becomes `completed` and `result` (for `llm.results`) goes to the outbox.
    case completed(result: OutboxRecord)
    /// Failed for good: the request becomes `failed` and `result` (a failed result event) goes to
    /// the outbox.
    case failed(outcome: AttemptOutcome, error: String, result: OutboxRecord)
    /// Worth another attempt: the request goes back to `pending` with its error.
    case retry(outcome: AttemptOutcome, error: String)
    /// Billing only: an item that answers no request (a primer), or usage reported on its own.
    case ledgerOnly
}
