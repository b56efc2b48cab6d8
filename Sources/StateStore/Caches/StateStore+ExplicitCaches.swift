package import Foundation
internal import GRDB

/// Gemini explicit caches (`cachedContents`), one per local batch that planned one: recorded the
/// moment the provider has made one, before any request is rewritten to name it, together with
/// the storage its creation billed; extended (billed again) while the batch runs; deleted once
/// the batch has ended.
///
/// Rows live in `provider_caches` under a key of their own (``explicitCacheKey(prefixHash:batchID:)``),
/// never the bucket's prefix hash: an explicit cache makes nothing warm for implicit caching,
/// and two batches of one bucket each hold their own.
extension StateStore {
    /// The `provider_caches.prefix_hash` of the explicit cache serving `batchID`.
    package static func explicitCacheKey(prefixHash: String, batchID: UUID) -> String {
        "\(prefixHash)#explicit-\(batchID.storeText)"
    }

    /// Records an explicit cache made (or found) for a batch, and the storage its creation billed,
    /// in ONE transaction. Idempotent: recording the same cache again changes nothing.
    ///
    /// - Parameters:
    ///   - cache: the row; its ``ProviderCacheRecord/batchID`` and ``ProviderCacheRecord/cacheName`` must be set.
    ///   - storage: the ledger row of the storage billed at creation (see ``LedgerEntry/cacheStorage(provider:cacheName:charge:batchID:model:usd:)``).
    ///   - at: when (Unix ms) the ledger row is recorded.
    package func recordExplicitCache(_ cache: ProviderCacheRecord, storage: LedgerEntry, at: Int64) async throws {
        guard cache.batchID != nil, cache.cacheName != nil else {
            throw StateStoreError.invalidArgument("an explicit cache row needs its batch and its name")
        }
        try await write("record explicit cache") { db in
            _ = try db.insertIgnoringDuplicate(cache)
            _ = try Self.insertOverhead(db, storage, at: at)
        }
    }

    /// The explicit cache recorded for a batch, if any.
    package func explicitCache(batchID: UUID) async throws -> ProviderCacheRecord? {
        try await read("explicit cache of batch") { db in
            try ProviderCacheRecord.fetchOne(
                db, sql: "SELECT * FROM provider_caches WHERE batch_id = ?", arguments: [batchID.storeText])
        }
    }

    /// Every explicit cache recorded, the earliest to expire first.
    package func explicitCaches() async throws -> [ProviderCacheRecord] {
        try await read("explicit caches") { db in
            try ProviderCacheRecord.fetchAll(
                db,
                sql: "SELECT * FROM provider_caches WHERE batch_id IS NOT NULL AND cache_name IS NOT NULL ORDER BY expires_at")
        }
    }

    /// Notes an extension of an explicit cache to `expiresAt` (Unix ms, local clock) and records
    /// the storage it billed, in ONE transaction.
    package func noteExplicitCacheExtended(cacheName: String, expiresAt: Int64, storage: LedgerEntry, at: Int64) async throws {
        try await write("extend explicit cache") { db in
            try db.execute(
                sql: "UPDATE provider_caches SET expires_at = MAX(expires_at, ?) WHERE cache_name = ?",
                arguments: [expiresAt, cacheName])
            _ = try Self.insertOverhead(db, storage, at: at)
        }
    }

    /// Forgets an explicit cache (deleted at the provider, or known to be gone).
    package func removeExplicitCache(cacheName: String) async throws {
        try await write("remove explicit cache") { db in
            try db.execute(sql: "DELETE FROM provider_caches WHERE cache_name = ?", arguments: [cacheName])
        }
    }

    /// Records a charge that served no single request (storage of a leaked cache found by the
    /// purge). Idempotent on the ledger key.
    /// - Returns: Whether the row is new.
    @discardableResult
    package func recordOverhead(_ entry: LedgerEntry, at: Int64) async throws -> Bool {
        try await write("record overhead") { db in try Self.insertOverhead(db, entry, at: at) }
    }

    /// Inserts a ledger row (ignoring a duplicate) and adds it to the running totals.
    static func insertOverhead(_ db: Database, _ entry: LedgerEntry, at: Int64) throws -> Bool {
        var entry = entry
        entry.recordedAt = at
        guard try db.insertIgnoringDuplicate(entry) else { return false }
        var totals =
            try LedgerTotals.fetchOne(db, key: ["provider": entry.provider, "model": entry.model, "mode": entry.mode.rawValue])
            ?? LedgerTotals(provider: entry.provider, model: entry.model, mode: entry.mode)
        totals.add(entry)
        try totals.save(db)
        return true
    }
}
