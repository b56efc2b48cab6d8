/// What a transition records besides the new state. Nil fields leave the column as it was.
package struct BatchChanges: Sendable, Hashable {
    /// The provider's batch id (set when entering `submitted`).
    package var providerBatchID: String?
    /// The provider's own status word, for operators.
    package var providerStatus: String?
    /// Why the batch failed or was canceled, or why submitting was refused.
    package var error: String?
    /// When to poll next; on entering `submitted` it defaults to the transition time.
    package var nextPollAt: Int64?

    package init(
        providerBatchID: String? = nil, providerStatus: String? = nil, error: String? = nil, nextPollAt: Int64? = nil
    ) {
        self.providerBatchID = providerBatchID
        self.providerStatus = providerStatus
        self.error = error
        self.nextPollAt = nextPollAt
    }
}
