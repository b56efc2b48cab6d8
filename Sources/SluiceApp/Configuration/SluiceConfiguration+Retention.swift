extension SluiceConfiguration {
    /// How long finished work stays in the data directory (the `retention:` section). Ledger rows
    /// and their totals are always kept.
    package struct Retention: Sendable, Hashable {
        /// `SLUICE_RETENTION_COMPLETED` / `retention.completed`: after this long since a request
        /// finished (result published), its event, rendered prompt, key and headers are deleted;
        /// also how long a finished batch keeps its plan. Default 7 days.
        package var completed: Duration
        /// `SLUICE_RETENTION_DEDUPE_WINDOW` / `retention.dedupe_window`: how long after a request
        /// finished its (tenant, id) row stays, so that a Kafka re-delivery is still recognised as a
        /// duplicate; then it goes with its attempts and batch items. At least `completed`.
        /// Default 7 days.
        package var dedupeWindow: Duration

        package init(completed: Duration = .seconds(7 * 86_400), dedupeWindow: Duration = .seconds(7 * 86_400)) {
            self.completed = completed
            self.dedupeWindow = dedupeWindow
        }
    }
}
