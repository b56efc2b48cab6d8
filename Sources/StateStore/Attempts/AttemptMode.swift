internal import GRDB

/// How an attempt reached the provider (and how it is billed).
package enum AttemptMode: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
    /// A provider batch API.
    case batch
    /// The synchronous API at list price.
    case realtime
    /// A discounted, slower synchronous tier (OpenAI `service_tier: flex`).
    case flex
}
