package import Foundation
package import Logging
import ServiceLifecycle
package import StateStore

/// Keeps the store bounded (DESIGN §7): every ``interval`` it deletes published outbox records
/// and removes finished work past the ``RetentionPolicy`` (blobs after `retention.completed`, key
/// rows after `retention.dedupe_window`), a chunk per transaction so that the pipeline's writes
/// are never held up for long. What the pipeline still needs is never touched (see
/// ``StateStore/applyRetention(_:now:)``).
package struct RetentionService: Service {
    let store: StateStore
    let policy: RetentionPolicy
    let interval: Duration
    let now: @Sendable () -> Date
    let doorbell = Doorbell()
    let logger: Logger

    /// - Parameters:
    ///   - store: The store to prune.
    ///   - policy: How long finished work stays.
    ///   - interval: Time between passes; also how long a published outbox record may linger.
    ///   - now: The clock (injected for tests).
    ///   - logger: Where passes that removed something are logged (info).
    package init(
        store: StateStore, policy: RetentionPolicy, interval: Duration, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.policy = policy
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Retention", doorbell: doorbell, logger: logger) { [self] in
            try await pass()
            return interval
        }
    }

    /// One pass at ``now``.
    /// - Returns: What it removed.
    @discardableResult
    package func pass() async throws -> RetentionReport {
        let report = try await store.applyRetention(policy, now: now().unixMilliseconds)
        if !report.isEmpty {
            logger.info(
                "Retention removed finished work",
                metadata: [
                    "outbox": "\(report.outboxDeleted)", "request_blobs": "\(report.requestBlobsDropped)",
                    "requests": "\(report.requestsDeleted)", "batch_plans": "\(report.batchPlansDropped)",
                    "batches": "\(report.batchesDeleted)", "responses": "\(report.responsesDeleted)",
                    "samples": "\(report.samplesDeleted)",
                ])
        }
        return report
    }
}
