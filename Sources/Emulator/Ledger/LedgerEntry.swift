package import Foundation

/// One billed item: a realtime request, one succeeded batch item, or a cache-storage charge.
package struct LedgerEntry: Sendable, Codable, Equatable {
    /// How the request was billed.
    package enum Mode: String, Sendable, Codable {
        case realtime, batch, flex
        /// Gemini explicit cache storage.
        case cacheStorage = "cache_storage"
    }

    /// Order of recording.
    package var sequence: Int
    /// Which provider billed it.
    package var provider: Provider
    /// Canonical model id.
    package var model: String
    /// Realtime, batch, flex or storage.
    package var mode: Mode
    /// Provider batch id (or Gemini cache name for storage), if any.
    package var batchID: String?
    /// `custom_id` / `key`, if any.
    package var customID: String?
    /// The provider's response/request id.
    package var requestID: String?
    /// Emulated time of billing.
    package var time: Date
    /// Quantities.
    package var usage: LedgerUsage
    /// Dollars.
    package var cost: LedgerCost

    enum CodingKeys: String, CodingKey {
        case sequence, provider, model, mode, time, usage, cost
        case batchID = "batch_id"
        case customID = "custom_id"
        case requestID = "request_id"
    }
}
