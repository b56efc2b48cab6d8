extension AlertSnapshot {
    /// A tenant's finished results in the window.
    package struct ResultCounts: Sendable, Hashable {
        /// A request tenant (never ``AlertEvent/globalTenant``).
        package var tenant: String
        /// Set both to measure one provider and model apart; leave them nil for the tenant overall.
        package var provider: ProviderName?
        /// The model, with ``provider``.
        package var model: String?
        /// Results that succeeded.
        package var succeeded: Int
        /// Results that did not succeed: `failed`, `expired` and `canceled`.
        package var failed: Int

        /// Counts for one tenant (and optionally one provider and model).
        package init(tenant: String, provider: ProviderName? = nil, model: String? = nil, succeeded: Int, failed: Int) {
            self.tenant = tenant
            self.provider = provider
            self.model = model
            self.succeeded = succeeded
            self.failed = failed
        }

        /// Every finished result.
        package var total: Int { succeeded + failed }
    }
}
