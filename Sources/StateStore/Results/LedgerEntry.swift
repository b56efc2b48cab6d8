package import Foundation
internal import GRDB

/// What a provider billed for one item, from its own reported usage: one row per (provider,
/// provider batch id, custom id), which is what makes the ledger exactly-once.
///
/// Token counts are normalized so that they never overlap: `inputTokens` are uncached prompt
/// tokens; cache reads and the two cache-write TTLs are counted apart from them.
package struct LedgerEntry: Sendable, Hashable, Codable {
    package var provider: String
    /// The provider's batch id, or the call id of a synchronous request.
    package var providerBatchID: String
    package var customID: String
    /// The local batch the row was recorded for (set by the store).
    package var batchID: UUID?
    /// Nil for overhead that served no single request (a primer).
    package var tenant: String?
    package var requestID: String?
    package var model: String
    package var mode: AttemptMode
    package var inputTokens: Int
    package var cacheReadInputTokens: Int
    /// Cache writes at the 5-minute TTL.
    package var cacheWrite5mInputTokens: Int
    /// Cache writes at the 1-hour TTL.
    package var cacheWrite1hInputTokens: Int
    package var outputTokens: Int
    /// What was billed, exact.
    package var actualUSD: Decimal
    /// What the same request would have cost sent synchronously at list price without caching.
    package var baselineUSD: Decimal
    /// When the row was recorded (set by the store).
    package var recordedAt: Int64

    package init(
        provider: String, providerBatchID: String, customID: String, tenant: String?, requestID: String?,
        model: String, mode: AttemptMode, inputTokens: Int = 0, cacheReadInputTokens: Int = 0,
        cacheWrite5mInputTokens: Int = 0, cacheWrite1hInputTokens: Int = 0, outputTokens: Int = 0,
        actualUSD: Decimal, baselineUSD: Decimal
    ) {
        self.provider = provider
        self.providerBatchID = providerBatchID
        self.customID = customID
        self.batchID = nil
        self.tenant = tenant
        self.requestID = requestID
        self.model = model
        self.mode = mode
        self.inputTokens = inputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheWrite5mInputTokens = cacheWrite5mInputTokens
        self.cacheWrite1hInputTokens = cacheWrite1hInputTokens
        self.outputTokens = outputTokens
        self.actualUSD = actualUSD
        self.baselineUSD = baselineUSD
        self.recordedAt = 0
    }

    /// All cache writes, whatever their TTL.
    package var cacheWriteInputTokens: Int { cacheWrite5mInputTokens + cacheWrite1hInputTokens }

    enum CodingKeys: String, CodingKey {
        case provider
        case providerBatchID = "provider_batch_id"
        case customID = "custom_id"
        case batchID = "batch_id"
        case tenant
        case requestID = "request_id"
        case model
        case mode
        case inputTokens = "input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case cacheWrite5mInputTokens = "cache_write_5m_input_tokens"
        case cacheWrite1hInputTokens = "cache_write_1h_input_tokens"
        case outputTokens = "output_tokens"
        case actualUSD = "actual_usd"
        case baselineUSD = "baseline_usd"
        case recordedAt = "recorded_at"
    }
}

extension LedgerEntry: FetchableRecord, PersistableRecord {
    static let databaseTableName = "ledger"

    static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy { .lowercaseString }
}

extension LedgerEntry {
    /// The custom id of the storage billed when an explicit cache is created; an extension's row
    /// adds the new expiry, so that each billed extension has a key of its own.
    package static let cacheStorageCustomID = "sluice-cache-storage"

    /// A storage charge of an explicit cache: keyed by the cache's name (the provider bills it
    /// under that name, not under any batch), tied to the local batch it served, with no tenant
    /// (shared pro rata by the batch's savings events), no tokens and no baseline.
    /// - Parameter charge: `nil` for the creation, or a label unique to an extension.
    package static func cacheStorage(
        provider: String, cacheName: String, charge: String? = nil, batchID: UUID, model: String, usd: Decimal
    ) -> LedgerEntry {
        var entry = LedgerEntry(
            provider: provider, providerBatchID: cacheName,
            customID: charge.map { "\(cacheStorageCustomID)-\($0)" } ?? cacheStorageCustomID, tenant: nil, requestID: nil,
            model: model, mode: .batch, actualUSD: usd, baselineUSD: 0)
        entry.batchID = batchID
        return entry
    }

    /// Whether this row is explicit cache storage rather than a billed request.
    package var isCacheStorage: Bool { customID.hasPrefix(Self.cacheStorageCustomID) }
}
