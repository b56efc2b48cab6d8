package import Foundation

extension AlertSnapshot {
    /// A provider batch that has been created and has no final status yet.
    package struct SubmittedBatch: Sendable, Hashable {
        /// The provider holding the batch.
        package var provider: ProviderName
        /// The model of its requests.
        package var model: String
        /// The provider's id for it (what an operator searches the provider's console for).
        package var providerBatchID: String
        /// When the provider accepted it.
        package var submittedAt: Date
        /// The provider's last reported status in its own words (e.g. `in_progress`), if known.
        package var providerStatus: String?

        /// A batch in flight at the provider.
        package init(
            provider: ProviderName, model: String, providerBatchID: String, submittedAt: Date,
            providerStatus: String? = nil
        ) {
            self.provider = provider
            self.model = model
            self.providerBatchID = providerBatchID
            self.submittedAt = submittedAt
            self.providerStatus = providerStatus
        }
    }
}
