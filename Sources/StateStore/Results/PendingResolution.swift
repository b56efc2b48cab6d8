/// A final answer for a request that is still pending, given without a provider batch: an
/// identical request answered from the response cache, or a request failed after too many attempts
/// or past its deadline.
package struct PendingResolution: Sendable, Hashable {
    package var request: RequestKey
    package var status: Status
    /// The result event for `llm.results`.
    package var result: OutboxRecord

    package init(request: RequestKey, status: Status, result: OutboxRecord) {
        self.request = request
        self.status = status
        self.result = result
    }
}
