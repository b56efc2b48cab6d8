internal import Metrics
package import Foundation
internal import Planning
package import Logging
package import Providers
package import StateStore

/// Creates provider batches for planned local batches, never twice: the intent (`submitting`) is
/// committed before create is called, and a batch found in `submitting` (a crash, a timeout, an
/// unclear answer) is first looked for at the provider by its marker and adopted if it exists.
package actor Submitter {
    private let store: StateStore
    private let clients: [Provider: any BatchProviderClient]
    private let configuration: PipelineConfiguration
    private let poller: Doorbell
    private let counters: PipelineCounters
    private let metrics: PipelineMetrics
    private let logger: Logger
    /// Creates, adopts and releases the Gemini explicit caches plans ask for.
    private let caches: ExplicitCacheKeeper
    /// Batches not to touch before a time (provider refused, queue full, unreachable).
    private var notBefore: [UUID: Date] = [:]

    package init(
        store: StateStore, clients: [Provider: any BatchProviderClient], configuration: PipelineConfiguration,
        poller: Doorbell, counters: PipelineCounters, metrics: PipelineMetrics, priceBook: PriceBook, logger: Logger
    ) {
        self.caches = ExplicitCacheKeeper(
            store: store, priceBook: priceBook, failPoints: configuration.failPoints, logger: logger)
        self.store = store
        self.clients = clients
        self.configuration = configuration
        self.poller = poller
        self.counters = counters
        self.metrics = metrics
        self.logger = logger
    }

    /// Submits every planned batch that is due, and reconciles those left `submitting`.
    /// - Returns: When to look again at the earliest batch held back, if any.
    ///
    /// Providers are served concurrently, each in planning order: a large upload to one provider
    /// must not hold back another's fan-out whose primer just warmed a prefix that is already
    /// expiring.
    package func pass(now: Date = Date()) async throws -> Date? {
        let batches = try await store.batches(inStates: [.planned, .submitting]).filter { $0.kind != .realtime }
        var byProvider: [String: [BatchRecord]] = [:]
        for batch in batches { byProvider[batch.provider, default: []].append(batch) }
        return try await withThrowingTaskGroup(of: Date?.self) { group in
            for queue in byProvider.values {
                group.addTask { try await self.submitInOrder(queue, now: now) }
            }
            var next: Date?
            for try await retry in group {
                if let retry { next = min(next ?? retry, retry) }
            }
            return next
        }
    }

    /// One provider's batches, one at a time.
    private func submitInOrder(_ batches: [BatchRecord], now: Date) async throws -> Date? {
        var next: Date?
        for batch in batches {
            if let wait = notBefore[batch.id], wait > now {
                next = min(next ?? wait, wait)
                continue
            }
            notBefore[batch.id] = nil
            if let retry = try await submit(batch) {
                notBefore[batch.id] = retry
                next = min(next ?? retry, retry)
            }
        }
        return next
    }

    /// - Returns: When to try again, or nil when the batch left `planned`/`submitting` for good.
    private func submit(_ stored: BatchRecord) async throws -> Date? {
        guard let provider = Provider(rawValue: stored.provider), let client = clients[provider] else {
            logger.error("No client for a planned batch", metadata: ["batch": "\(stored.id)"])
            return Date().addingTimeInterval(60)
        }
        var batch = stored
        let marker = BatchMarker(
            label: batch.marker, notBefore: Date(unixMilliseconds: batch.createdAt), requestCount: batch.itemCount)
        if batch.state == .submitting {
            // Created or not? Only the provider knows.
            switch await reconcile(batch, client: client, marker: marker) {
            case .adopted: return nil
            case .unknown: return Date().addingTimeInterval(configuration.submitRetryDelay.timeInterval)
            case .absent: break
            }
        } else {
            batch = try await store.transition(batch.id, from: .planned, to: .submitting, at: Date().unixMilliseconds).batch
            try await configuration.failPoints.check(.afterIntent)
        }
        let plan = try await JSONDecoder().decode(StoredPlan.self, from: store.plan(batchID: batch.id))
        let preparation = client.prepareBatches(
            try await caches.requestsToSend(batch, plan: plan, client: client, reconciling: stored.state == .submitting))
        guard preparation.batches.count == 1, preparation.rejected.isEmpty, let prepared = preparation.batches.first else {
            let problem =
                preparation.rejected.first.map { "request \($0.customID) rejected: \($0.error.message)" }
                ?? "the plan no longer fits one provider batch (\(preparation.batches.count))"
            _ = try await store.transition(
                batch.id, from: .submitting, to: .failed, at: Date().unixMilliseconds, changes: BatchChanges(error: problem))
            await caches.release(batch, client: client)
            logger.error("Planned batch cannot be sent", metadata: ["batch": "\(batch.id)", "problem": "\(problem)"])
            return nil
        }
        do {
            let snapshot = try await client.createBatch(prepared, marker: marker)
            try await configuration.failPoints.check(.afterCreate)
            try await adopt(batch, snapshot)
            logger.info(
                "Batch submitted",
                metadata: [
                    "batch": "\(batch.id)", "provider_batch": "\(snapshot.id)", "kind": "\(batch.kind.rawValue)",
                    "requests": "\(batch.itemCount)",
                ])
            return nil
        } catch let error as ProviderError {
            return try await handleCreateFailure(batch, error, client: client, marker: marker)
        }
    }

    private func handleCreateFailure(
        _ batch: BatchRecord, _ error: ProviderError, client: any BatchProviderClient, marker: BatchMarker
    ) async throws -> Date? {
        let now = Date()
        switch error.category {
        case .fixRequest:
            // The provider refused the batch as a whole: give it up, its requests go back to
            // pending with the attempt counted (and, past the limit, realtime or a failed result).
            _ = try await store.transition(
                batch.id, from: .submitting, to: .failed, at: now.unixMilliseconds,
                changes: BatchChanges(error: error.message))
            logger.error("Provider refused a batch", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            await caches.release(batch, client: client)
            return nil
        case .queueFull:
            _ = try await store.transition(
                batch.id, from: .submitting, to: .planned, at: now.unixMilliseconds, changes: BatchChanges(error: error.message))
            logger.warning("Provider batch queue full; holding the batch", metadata: ["batch": "\(batch.id)"])
            let wait = max(error.retryAfter?.timeInterval ?? 0, configuration.queueFullDelay.timeInterval)
            return now.addingTimeInterval(wait)
        default:
            // Transport errors and 5xx may hide a batch that was created: look before retrying.
            logger.warning("Batch create failed; reconciling", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            switch await reconcile(batch, client: client, marker: marker) {
            case .adopted: return nil
            case .absent:
                _ = try await store.transition(
                    batch.id, from: .submitting, to: .planned, at: now.unixMilliseconds,
                    changes: BatchChanges(error: error.message))
            case .unknown: break
            }
            let wait = max(error.retryAfter?.timeInterval ?? 0, configuration.submitRetryDelay.timeInterval)
            return now.addingTimeInterval(error.category == .fatal ? max(wait, 60) : wait)
        }
    }

    private enum Reconciliation { case adopted, absent, unknown }

    private func reconcile(_ batch: BatchRecord, client: any BatchProviderClient, marker: BatchMarker) async
        -> Reconciliation
    {
        do {
            for snapshot in try await client.findBatches(marker: marker) {
                // Anthropic matches by time and count only: never adopt one another batch holds.
                if try await store.batch(provider: batch.provider, providerBatchID: snapshot.id) != nil { continue }
                try await adopt(batch, snapshot)
                logger.notice(
                    "Adopted a provider batch found by its marker",
                    metadata: ["batch": "\(batch.id)", "provider_batch": "\(snapshot.id)"])
                return .adopted
            }
            return .absent
        } catch {
            logger.warning("Cannot reconcile a batch yet", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            return .unknown
        }
    }

    private func adopt(_ batch: BatchRecord, _ snapshot: BatchSnapshot) async throws {
        _ = try await store.transition(
            batch.id, from: .submitting, to: .submitted, at: Date().unixMilliseconds,
            changes: BatchChanges(providerBatchID: snapshot.id, providerStatus: snapshot.providerStatus))
        counters.update { $0.batchesSubmitted += 1 }
        metrics.batchSubmitted(provider: batch.provider, kind: batch.kind.rawValue).increment()
        poller.ring()
    }
}
