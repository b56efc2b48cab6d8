package import StateStore

/// What the admin API needs from the running service; the app layer implements it over the
/// pipeline, so that this module never depends on the pipeline itself.
///
/// - Important: Every method may be called concurrently from several HTTP requests; none may block
///   the cooperative pool (the store's methods already run on GRDB's own queues).
package protocol AdminBackend: Sendable {
    /// Named readiness checks (e.g. `state_store`, `kafka_consumer_assigned`, `kafka_producer`,
    /// `providers`); `/readyz` answers 200 only when every one is true (and when there are none).
    func readiness() async -> [String: Bool]

    /// The store's counts and ledger sums, for `/v1/stats` and the scrape-time gauges.
    /// - Throws: when the store cannot be read.
    func stats() async throws -> StoreStats

    /// Extra live figures for `/v1/stats` (events in, DLQ count, uptime...), reported under
    /// `pipeline`.
    func pipelineStats() async -> [String: Double]

    /// Batches in any of `states`, oldest first, at most `limit`.
    /// - Throws: when the store cannot be read.
    func batches(states: Set<BatchRecord.State>, limit: Int) async throws -> [BatchRecord]

    /// Releases every pending bucket now.
    /// - Returns: How many requests were released.
    /// - Throws: when the pipeline cannot flush (e.g. it is not running).
    func flush() async throws -> Int
}
