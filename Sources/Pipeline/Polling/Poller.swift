package import Foundation
internal import Planning
package import Logging
package import Providers
package import StateStore

/// Follows submitted batches at the provider with backoff; when one ends, streams its results into
/// the store a chunk per transaction (result events, ledger rows, retries), then closes the batch
/// with its savings events. A restart resumes from the store: recording is idempotent.
package actor Poller {
    private let store: StateStore
    private let clients: [Provider: any BatchProviderClient]
    private let settlement: ItemSettlement
    private let savings: SavingsBuilder
    private let configuration: PipelineConfiguration
    private let wake: Accumulator.Wakeups
    private let accumulator: Doorbell
    private let logger: Logger
    /// Extends and deletes the Gemini explicit caches of the batches followed.
    private let caches: ExplicitCacheKeeper
    /// When explicit caches were last purged; `nil` before the first pass, which also looks at
    /// the provider's own list for caches a crash left behind.
    private var lastCachePurge: Date?

    package init(
        store: StateStore, clients: [Provider: any BatchProviderClient], settlement: ItemSettlement,
        savings: SavingsBuilder, configuration: PipelineConfiguration, wake: Accumulator.Wakeups, accumulator: Doorbell,
        logger: Logger
    ) {
        self.store = store
        self.clients = clients
        self.settlement = settlement
        self.savings = savings
        self.configuration = configuration
        self.wake = wake
        self.accumulator = accumulator
        self.logger = logger
        self.caches = ExplicitCacheKeeper(
            store: store, priceBook: settlement.costs.priceBook, failPoints: configuration.failPoints, logger: logger)
    }

    /// Polls every batch that is due.
    /// - Returns: When the next poll falls due, if any batch is being followed.
    package func pass(now: Date = Date()) async throws -> Date? {
        if lastCachePurge.map({ now.timeIntervalSince($0) >= Self.cachePurgeInterval }) ?? true {
            await caches.purge(clients: clients, scanProvider: lastCachePurge == nil, now: now)
            lastCachePurge = now
        }
        for batch in try await store.dueForPoll(now: now.unixMilliseconds) where batch.kind != .realtime {
            do {
                try await poll(batch)
            } catch {
                // Stopped (shutdown cancel or a fail point): leave the batch exactly as it is.
                if Task.isCancelled || error is FailPointHalt { throw error }
                logger.warning("Poll failed", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
                try? await store.recordPoll(
                    batch.id, at: Date().unixMilliseconds, nextPollAt: Date().unixMilliseconds + backoff(batch).milliseconds)
            }
        }
        let following = try await store.batches(inStates: [.submitted]).filter { $0.kind != .realtime }
        return following.compactMap { $0.nextPollAt.map(Date.init(unixMilliseconds:)) }.min()
    }

    /// How often recorded explicit caches are checked for ones to delete.
    static let cachePurgeInterval: TimeInterval = 60

    private func backoff(_ batch: BatchRecord) -> Duration {
        // A primer is one request with the bucket waiting on it, and the prefix it writes starts
        // expiring when it ends: its backoff stops at 4 × the first interval (20 s by default)
        // rather than the longest, so its end is noticed well inside a 5-minute TTL.
        let longest =
            batch.kind == .primer
            ? min(configuration.pollIntervalMax.timeInterval, 4 * configuration.pollIntervalMin.timeInterval)
            : configuration.pollIntervalMax.timeInterval
        let factor = pow(1.5, Double(min(batch.pollCount, 20)))
        let seconds = min(configuration.pollIntervalMin.timeInterval * factor, longest)
        return .milliseconds(Int64(seconds * 1000))
    }

    private func poll(_ batch: BatchRecord) async throws {
        guard let provider = Provider(rawValue: batch.provider), let client = clients[provider],
            let providerBatchID = batch.providerBatchID
        else { return }
        let snapshot = try await client.retrieveBatch(id: providerBatchID)
        guard snapshot.state.isTerminal else {
            // Two slow polls must not let the batch's explicit cache expire under it.
            await caches.extendIfDue(batch, client: client, margin: configuration.pollIntervalMax * 2 + .seconds(60))
            let now = Date().unixMilliseconds
            try await store.recordPoll(
                batch.id, at: now, nextPollAt: now + backoff(batch).milliseconds, providerStatus: snapshot.providerStatus)
            return
        }
        if snapshot.hasResults {
            try await record(batch, snapshot, client: client, provider: provider)
        }
        let now = Date()
        if snapshot.state == .failed && !snapshot.hasResults {
            let error = snapshot.failure?.message ?? "the provider failed the batch (\(snapshot.providerStatus))"
            _ = try await store.transition(
                batch.id, from: .submitted, to: .failed, at: now.unixMilliseconds,
                changes: BatchChanges(providerStatus: snapshot.providerStatus, error: error))
            logger.error("Provider failed a batch; its requests go back to pending", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            await caches.release(batch, client: client)
            accumulator.ring()
            return
        }
        // Its results and storage are recorded: the cache has nothing left to serve. Deleted
        // before the batch is closed, so a restart after closing has nothing to find.
        await caches.release(batch, client: client)
        let ledger = try await store.ledgerEntries(batchID: batch.id)
        let outcomes = try await store.attemptOutcomes(ofBatch: batch.id)
        let ended = try await store.completeBatch(
            batchID: batch.id, savings: try savings.records(for: batch, ledger: ledger, outcomes: outcomes, now: now),
            at: now.unixMilliseconds, providerStatus: snapshot.providerStatus)
        if batch.kind == .primer { try await notePrimer(batch, ledger: ledger, at: now) }
        if batch.kind == .batch, provider == .openai { try await noteRoutes(batch, ledger: ledger, at: now) }
        logger.info(
            "Batch ended",
            metadata: [
                "batch": "\(batch.id)", "provider_batch": "\(providerBatchID)", "status": "\(snapshot.providerStatus)",
                "requeued": "\(ended.requeued.count)",
            ])
        wake.publisher.ring()
        accumulator.ring()
    }

    private func record(
        _ batch: BatchRecord, _ snapshot: BatchSnapshot, client: any BatchProviderClient, provider: Provider
    ) async throws {
        let requests = try await store.requests(ofBatch: batch.id)
        let context = ItemSettlement.Context(
            batch: batch, provider: provider, providerBatchID: snapshot.id, mode: batch.mode)
        var chunk: [BatchItemResult] = []
        var seen: Int64 = 0
        var results = try client.results(of: snapshot).makeAsyncIterator()
        while true {
            let item = try await results.next()
            if let item {
                seen += 1
                chunk.append(item)
            }
            if !chunk.isEmpty, item == nil || chunk.count >= configuration.resultsChunk {
                let counted = try await countedTokens(chunk, batch: batch, requests: requests, client: client)
                let recorded = try chunk.map { item in
                    try settlement.outcome(
                        customID: item.customID, item.outcome, request: requests[item.customID], context: context,
                        now: Date(), countedInputTokens: counted[item.customID])
                }
                chunk.removeAll(keepingCapacity: true)
                _ = try await store.recordResults(batchID: batch.id, recorded, at: Date().unixMilliseconds, resultsCursor: seen)
                wake.publisher.ring()
                if item != nil { try await configuration.failPoints.check(.midResults) }
            }
            if item == nil { break }
        }
    }

    /// The provider's count of each succeeded embedding's input, where its results carry no usage
    /// (Gemini). One `countTokens` call covers the chunk, so its total is exact; it is shared
    /// out by the journal's estimates, the last request taking the rounding. Empty elsewhere, and
    /// when the count fails (the estimate then stands in, as the log says).
    private func countedTokens(
        _ chunk: [BatchItemResult], batch: BatchRecord, requests: [String: RequestRecord], client: any BatchProviderClient
    ) async throws -> [String: Int] {
        guard batch.endpoint == .embedding else { return [:] }
        var members: [(customID: String, input: String, estimate: Int)] = []
        let decoder = JSONDecoder()
        for item in chunk {
            guard case .succeeded(let response) = item.outcome, response.usage.inputTokens == 0, response.usage.cacheReadInputTokens == 0,
                let record = requests[item.customID],
                let request = try? record.entry.renderedRequest(using: decoder)
            else { continue }
            members.append((item.customID, request.input.joined(separator: "\n"), max(record.entry.estimatedInputTokens, 1)))
        }
        guard !members.isEmpty else { return [:] }
        let total: Int?
        do {
            total = try await client.billedEmbeddingTokens(model: batch.model, inputs: members.map(\.input))
        } catch {
            logger.warning(
                "Cannot count embedding tokens; billing the estimate", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            return [:]
        }
        guard let total else { return [:] }
        let estimated = members.reduce(0) { $0 + $1.estimate }
        var counted: [String: Int] = [:]
        var given = 0
        for (index, member) in members.enumerated() {
            let share = index == members.count - 1 ? total - given : total * member.estimate / estimated
            counted[member.customID] = share
            given += share
        }
        return counted
    }

    /// How each OpenAI `prompt_cache_key` of a finished fan-out fared: its requests, and those long
    /// enough to cache that read nothing. The planner learns from the keys that carried more
    /// than the routing serves from one machine how many requests such overflow costs.
    private func noteRoutes(_ batch: BatchRecord, ledger: [LedgerEntry], at now: Date) async throws {
        guard let plan = try? await JSONDecoder().decode(StoredPlan.self, from: store.plan(batchID: batch.id)), plan.prefix != nil else { return }
        var keys: [String: String] = [:]
        for request in plan.requests {
            if let key = request.promptCacheKey { keys[request.customID] = key }
        }
        guard !keys.isEmpty else { return }
        let minimum =
            (try? settlement.costs.priceBook.facts(provider: .openai, model: batch.model))?.minCacheableTokens
            ?? BatchPlanner.defaultMinCacheableTokens
        var samples: [String: CacheRouteSample] = [:]
        for entry in ledger {
            guard let key = keys[entry.customID] else { continue }
            var sample = samples[key] ?? CacheRouteSample(cacheKey: key, requests: 0, misses: 0)
            sample.requests += 1
            if entry.cacheReadInputTokens == 0, entry.inputTokens >= minimum { sample.misses += 1 }
            samples[key] = sample
        }
        try await store.noteCacheRoutes(
            batchID: batch.id, provider: batch.provider, model: batch.model, samples: samples.values.sorted { $0.cacheKey < $1.cacheKey },
            at: now.unixMilliseconds)
    }

    /// A primer that wrote or read the prefix makes it warm for its TTL, so the bucket's other
    /// requests go out reading it.
    private func notePrimer(_ batch: BatchRecord, ledger: [LedgerEntry], at now: Date) async throws {
        guard let plan = try? await JSONDecoder().decode(StoredPlan.self, from: store.plan(batchID: batch.id)), let prefix = plan.prefix else { return }
        let cached = ledger.reduce(0) { $0 + $1.cacheWriteInputTokens + $1.cacheReadInputTokens }
        // OpenAI and Gemini cache implicitly and report reads only: an answered primer is the
        // evidence there. Anthropic reports the write itself.
        let reportsWrites = batch.provider == Provider.anthropic.rawValue
        guard cached > 0 || (!reportsWrites && !ledger.isEmpty) else {
            logger.notice("Primer did not cache its prefix", metadata: ["batch": "\(batch.id)", "prefix": "\(prefix.hash)"])
            return
        }
        func seconds(_ ttl: CacheMark) -> Int {
            max(1, Int(configuration.cacheLifetimeSeconds(ttl, of: prefix, provider: batch.provider).rounded(.up)))
        }
        // Every entry the primer wrote, by chain hash: the bucket's prefix, a preamble other
        // buckets share, split-off common parts of final blocks, OpenAI keys. Each lives as long
        // as its own TTL. A plan without breakpoints (an older one) wrote its prefix.
        if prefix.breakpoints == nil {
            try await store.noteCacheWrite(
                provider: batch.provider, model: batch.model, prefixHash: prefix.hash, ttlSeconds: seconds(prefix.ttl),
                at: now.unixMilliseconds)
        }
        for breakpoint in prefix.breakpoints ?? [] {
            try await store.noteCacheWrite(
                provider: batch.provider, model: batch.model, prefixHash: breakpoint.hash, ttlSeconds: seconds(breakpoint.ttl),
                at: now.unixMilliseconds)
        }
    }
}
