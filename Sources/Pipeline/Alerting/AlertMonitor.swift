package import Foundation
package import Logging
package import Planning
package import StateStore

/// Measures the store every pass and publishes alert transitions (firing, escalated, resolved) to
/// `llm.alerts` through the outbox: failure rate, stale batches, backlog, low cache-hit ratio.
///
/// What is firing is kept in memory: after a restart a condition that still holds fires again, as
/// a new episode with its own id, rather than staying silent.
package actor AlertMonitor {
    private let store: StateStore
    private let rules: AlertRules
    private let thresholds: AlertThresholds
    private let results: ResultBuilder
    private let topic: String
    private let publisher: Doorbell
    private let logger: Logger
    private var firing: [String: AlertEvent] = [:]

    package init(
        store: StateStore, thresholds: AlertThresholds, results: ResultBuilder, topic: String, publisher: Doorbell,
        logger: Logger
    ) {
        self.store = store
        self.thresholds = thresholds
        self.rules = AlertRules(thresholds: thresholds, source: results.source)
        self.results = results
        self.topic = topic
        self.publisher = publisher
        self.logger = logger
    }

    /// One measurement; returns the transitions it enqueued.
    @discardableResult
    package func pass(now: Date = Date()) async throws -> [AlertEvent] {
        let since = now.unixMilliseconds - thresholds.failureWindow.milliseconds
        let facts = try await store.alertFacts(since: since)
        let stats = try await store.stats()
        let submitted = try await store.batches(inStates: [.submitted]).filter { $0.kind != .realtime }
        let snapshot = AlertSnapshot(
            window: thresholds.failureWindow,
            results: facts.attempts.compactMap { row in
                guard let provider = ProviderName(rawValue: row.provider) else { return nil }
                return AlertSnapshot.ResultCounts(
                    tenant: row.tenant, provider: provider, model: row.model, succeeded: row.succeeded, failed: row.failed)
            },
            submittedBatches: submitted.compactMap { batch in
                guard let provider = ProviderName(rawValue: batch.provider), let id = batch.providerBatchID else { return nil }
                return AlertSnapshot.SubmittedBatch(
                    provider: provider, model: batch.model, providerBatchID: id,
                    submittedAt: Date(unixMilliseconds: batch.submittedAt ?? batch.createdAt),
                    providerStatus: batch.providerStatus)
            },
            pendingRequests: stats.requestsByStatus[.pending] ?? 0, outboxBacklog: stats.outboxBacklog,
            cacheUsage: facts.billing.compactMap { row in
                guard let provider = ProviderName(rawValue: row.provider) else { return nil }
                return AlertSnapshot.CacheUsage(
                    provider: provider, model: row.model, requests: row.rows,
                    usage: TokenUsage(
                        inputTokens: row.inputTokens, cacheReadInputTokens: row.cacheReadInputTokens,
                        cacheWriteInputTokens: row.cacheWriteInputTokens, outputTokens: row.outputTokens))
            })
        let transitions = rules.evaluate(snapshot, firing: &firing, now: now)
        guard !transitions.isEmpty else { return [] }
        let records = try transitions.map { event in
            try results.record(event, key: Data(event.tenant.utf8), time: now, topic: topic)
        }
        try await store.enqueue(records, at: now.unixMilliseconds)
        for event in transitions {
            logger.notice(
                "Alert \(event.state.rawValue)", metadata: ["kind": "\(event.kind.rawValue)", "message": "\(event.message)"])
        }
        publisher.ring()
        return transitions
    }
}
