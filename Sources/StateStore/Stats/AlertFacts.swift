/// What the alert rules measure over a recent window, read in one snapshot.
package struct AlertFacts: Sendable, Hashable {
    /// Attempts finished in the window, per tenant, provider and model.
    package struct Attempts: Sendable, Hashable {
        package var tenant: String
        package var provider: String
        package var model: String
        package var succeeded: Int
        /// Errored or expired (canceled attempts are Sluice's own doing and not counted).
        package var failed: Int
    }

    /// Billed prompt tokens in the window, per provider and model.
    package struct Billing: Sendable, Hashable {
        package var provider: String
        package var model: String
        package var rows: Int
        package var inputTokens: Int
        package var cacheReadInputTokens: Int
        package var cacheWriteInputTokens: Int
        package var outputTokens: Int
    }

    package var attempts: [Attempts]
    package var billing: [Billing]
}
