import Foundation
import Logging
import Planning
import Providers
import StateStore

/// Looks after the Gemini explicit caches (`cachedContents`, providers.md §3.5) that plans ask for
/// (``PlannedPrefix/explicitCache``), from creation to deletion, billing each exactly once:
///
/// - Before a batch is submitted, its cache is created with `displayName` = the batch's marker,
///   recorded (row + storage ledger row, one transaction) BEFORE any request is rewritten to name
///   it, and a batch found in `submitting` first looks for a cache by that label and adopts it:
///   a crash never creates two. A failed create sends the batch whole (implicit caching) rather
///   than losing it.
/// - While the batch runs past the cache's TTL, the cache is extended (billed, recorded).
/// - Once the batch has ended and its results are recorded, the cache is deleted; the purge
///   deletes what a failed delete, a crash or an abandoned batch left behind.
///
/// Expiry is tracked on the local clock (the provider's expiry times are in its own).
struct ExplicitCacheKeeper: Sendable {
    let store: StateStore
    let priceBook: PriceBook
    let failPoints: FailPoints
    let logger: Logger

    // MARK: - Submission

    /// The requests to send for `batch`: the plan's, each naming the batch's explicit cache and
    /// leaving its shared part out when the plan asks for one and the cache exists; otherwise
    /// the plan's requests as they are.
    /// - Parameter reconciling: the batch was found in `submitting`, so its cache may already
    ///   exist at the provider without a local record.
    func requestsToSend(_ batch: BatchRecord, plan: StoredPlan, client: any BatchProviderClient, reconciling: Bool)
        async throws -> [LLMRequest]
    {
        // The cache holds the planned prefix group's shared part, whichever request comes first
        // in this batch (a bucket split over several batches, a stray group planned after it).
        guard let prefix = plan.prefix, let explicit = prefix.explicitCache,
            let caches = client as? any ExplicitCacheClient,
            let first = plan.requests.first(where: { RequestRenderer.prefixGroup(of: $0) == prefix.hash }),
            let shared = ExplicitCachePrefix(of: first)
        else { return plan.requests }
        guard
            let name = try await cacheName(
                for: batch, prefix: prefix, explicit: explicit, shared: shared, caches: caches, reconciling: reconciling)
        else { return plan.requests }
        return plan.requests.map { shared.referencing($0, cacheName: name) ?? $0 }
    }

    /// The name of the batch's cache: recorded, found by its label, or made now.
    /// - Returns: `nil` when there is none to use (the batch then goes out whole).
    private func cacheName(
        for batch: BatchRecord, prefix: PlannedPrefix, explicit: ExplicitCachePlan, shared: ExplicitCachePrefix,
        caches: any ExplicitCacheClient, reconciling: Bool
    ) async throws -> String? {
        if let recorded = try await store.explicitCache(batchID: batch.id), let name = recorded.cacheName {
            if recorded.expiresAt > Date().unixMilliseconds { return name }
            // It expired before the batch went out (a long outage): gone at the provider.
            try await store.removeExplicitCache(cacheName: name)
        } else if reconciling {
            do {
                if let found = try await caches.cachedContents(displayName: batch.marker).first {
                    try await record(found, for: batch, prefix: prefix, explicit: explicit)
                    logger.notice(
                        "Adopted an explicit cache found by its label",
                        metadata: ["batch": "\(batch.id)", "cache": "\(found.name)"])
                    return found.name
                }
            } catch let error as ProviderError {
                // Creating one now might make a second: send the batch whole instead.
                logger.warning(
                    "Cannot look for a batch's explicit cache; sending it without",
                    metadata: ["batch": "\(batch.id)", "error": "\(error)"])
                return nil
            }
        }
        let created: GeminiCachedContent
        do {
            created = try await caches.createCachedContent(
                model: shared.model, system: shared.system, messages: shared.messages, tools: shared.tools,
                ttl: .seconds(explicit.ttlSeconds), displayName: batch.marker)
        } catch let error as ProviderError {
            // A transport error or a 5xx may hide a cache that was made.
            if error.category != .fixRequest,
                let found = try? await caches.cachedContents(displayName: batch.marker).first
            {
                try await record(found, for: batch, prefix: prefix, explicit: explicit)
                return found.name
            }
            logger.warning(
                "Explicit cache not created; the batch relies on implicit caching",
                metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            return nil
        }
        try await failPoints.check(.afterCacheCreate)
        try await record(created, for: batch, prefix: prefix, explicit: explicit)
        logger.debug(
            "Explicit cache created",
            metadata: [
                "batch": "\(batch.id)", "cache": "\(created.name)", "tokens": "\(created.totalTokenCount ?? 0)",
                "ttl_seconds": "\(explicit.ttlSeconds)",
            ])
        return created.name
    }

    /// Records the cache and the storage its creation billed: the provider's token count for
    /// the whole TTL asked for.
    private func record(
        _ cache: GeminiCachedContent, for batch: BatchRecord, prefix: PlannedPrefix, explicit: ExplicitCachePlan
    ) async throws {
        let now = Date()
        let writtenAt = min(now, cache.createTime ?? now).unixMilliseconds
        let tokens = cache.totalTokenCount ?? prefix.estimatedTokens
        let provider = Provider(rawValue: batch.provider) ?? .gemini
        let usd = try priceBook.cacheStorageCost(
            provider: provider, model: batch.model, tokens: tokens, hours: Decimal(explicit.ttlSeconds) / 3_600)
        try await store.recordExplicitCache(
            ProviderCacheRecord(
                provider: batch.provider, model: batch.model,
                prefixHash: StateStore.explicitCacheKey(prefixHash: prefix.hash, batchID: batch.id),
                ttlSeconds: explicit.ttlSeconds, writtenAt: writtenAt,
                expiresAt: writtenAt + Int64(explicit.ttlSeconds) * 1_000, cacheName: cache.name,
                batchID: batch.id.uuidString.lowercased()),
            storage: .cacheStorage(
                provider: batch.provider, cacheName: cache.name, batchID: batch.id, model: batch.model, usd: usd),
            at: now.unixMilliseconds)
    }

    // MARK: - While the batch runs

    /// Extends the batch's cache by its TTL when it would otherwise expire within `margin`,
    /// and records the storage the extension billed (the provider's new expiry less its old).
    func extendIfDue(_ batch: BatchRecord, client: any BatchProviderClient, margin: Duration, now: Date = Date()) async {
        guard let caches = client as? any ExplicitCacheClient else { return }
        do {
            guard let row = try await store.explicitCache(batchID: batch.id), let name = row.cacheName,
                now.unixMilliseconds + margin.milliseconds >= row.expiresAt
            else { return }
            let before = try await caches.getCachedContent(name: name)
            let after = try await caches.updateCachedContent(name: name, ttl: .seconds(row.ttlSeconds))
            let expiresAt = now.unixMilliseconds + Int64(row.ttlSeconds) * 1_000
            guard let old = before.expireTime, let new = after.expireTime, new > old else { return }
            let provider = Provider(rawValue: batch.provider) ?? .gemini
            let tokens = after.totalTokenCount ?? before.totalTokenCount ?? 0
            let usd = try priceBook.cacheStorageCost(
                provider: provider, model: batch.model, tokens: tokens,
                hours: Decimal(new.unixMilliseconds - old.unixMilliseconds) / 3_600_000)
            try await store.noteExplicitCacheExtended(
                cacheName: name, expiresAt: expiresAt,
                storage: .cacheStorage(
                    provider: batch.provider, cacheName: name, charge: "until-\(new.unixMilliseconds)", batchID: batch.id,
                    model: batch.model, usd: usd),
                at: now.unixMilliseconds)
            logger.notice(
                "Explicit cache extended: its batch outlives it", metadata: ["batch": "\(batch.id)", "cache": "\(name)"])
        } catch {
            logger.warning("Cannot extend an explicit cache", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
        }
    }

    // MARK: - Deletion

    /// Deletes the batch's cache, if it has one (its results are recorded or it will send none).
    func release(_ batch: BatchRecord, client: any BatchProviderClient) async {
        guard let caches = client as? any ExplicitCacheClient,
            let row = try? await store.explicitCache(batchID: batch.id), let name = row.cacheName
        else { return }
        await delete(name, caches: caches)
    }

    /// Deletes a cache at the provider and forgets it; one already gone counts as deleted.
    @discardableResult
    private func delete(_ name: String, caches: any ExplicitCacheClient) async -> Bool {
        do {
            try await caches.deleteCachedContent(name: name)
        } catch let error as ProviderError where error.httpStatus == 404 || error.httpStatus == 403 {
            // Expired or deleted already.
        } catch {
            logger.warning("Cannot delete an explicit cache yet", metadata: ["cache": "\(name)", "error": "\(error)"])
            return false
        }
        do {
            try await store.removeExplicitCache(cacheName: name)
        } catch {
            logger.warning("Cannot forget a deleted explicit cache", metadata: ["cache": "\(name)", "error": "\(error)"])
        }
        return true
    }

    /// Deletes the recorded caches whose batch is over or which have expired; with
    /// `scanProvider` (at startup) also the provider's caches labelled with the marker of a
    /// local batch that is over but not recorded (a crash between create and record), billing
    /// their storage if it was never recorded. Caches labelled otherwise belong to someone else.
    func purge(clients: [Provider: any BatchProviderClient], scanProvider: Bool, now: Date = Date()) async {
        do {
            for row in try await store.explicitCaches() {
                guard let name = row.cacheName, let provider = Provider(rawValue: row.provider),
                    let caches = clients[provider] as? any ExplicitCacheClient
                else { continue }
                var batch: BatchRecord?
                if let id = row.batchID.flatMap(UUID.init(uuidString:)) { batch = try await store.batch(id: id) }
                let over = batch.map { !$0.state.holdsRequests } ?? true
                if over || row.expiresAt <= now.unixMilliseconds { await delete(name, caches: caches) }
            }
            guard scanProvider else { return }
            for (provider, client) in clients {
                guard let caches = client as? any ExplicitCacheClient else { continue }
                for cache in try await caches.allCachedContents() {
                    guard let label = cache.displayName, let batch = try await store.batch(marker: label),
                        batch.provider == provider.rawValue, !batch.state.holdsRequests
                    else { continue }
                    if let created = cache.createTime, let expires = cache.expireTime, let tokens = cache.totalTokenCount {
                        let usd = try priceBook.cacheStorageCost(
                            provider: provider, model: batch.model, tokens: tokens,
                            hours: Decimal(expires.unixMilliseconds - created.unixMilliseconds) / 3_600_000)
                        try await store.recordOverhead(
                            .cacheStorage(
                                provider: batch.provider, cacheName: cache.name, batchID: batch.id, model: batch.model, usd: usd),
                            at: now.unixMilliseconds)
                    }
                    if await delete(cache.name, caches: caches) {
                        logger.notice("Deleted a leaked explicit cache", metadata: ["batch": "\(batch.id)", "cache": "\(cache.name)"])
                    }
                }
            }
        } catch {
            logger.warning("Explicit cache purge incomplete", metadata: ["error": "\(error)"])
        }
    }
}
