package import Foundation

/// What the submitter attaches to a batch so that, after a crash between "create" and "record
/// the id", it can find the batch again instead of submitting twice (no provider makes batch
/// creation idempotent, providers.md §0.7).
///
/// - OpenAI: `metadata["sluice_marker"] = label`; found exactly.
/// - Gemini: `displayName = label`; found exactly.
/// - Anthropic: batches carry no metadata, so a match is a batch created at or after
///   `notBefore` (less a 5-minute clock skew) with exactly `requestCount` requests. That is a
///   heuristic: confirm it by the custom ids in its results before adopting it.
package struct BatchMarker: Sendable, Hashable, Codable {
    /// Unique per submission intent, at most 128 characters of `[A-Za-z0-9_-]` (it becomes an
    /// OpenAI metadata value and a Gemini display name).
    package var label: String
    /// When the intent was recorded, before create was called.
    package var notBefore: Date
    /// Requests in the batch.
    package var requestCount: Int

    package init(label: String, notBefore: Date, requestCount: Int) {
        self.label = label
        self.notBefore = notBefore
        self.requestCount = requestCount
    }

    /// The OpenAI metadata key carrying ``label``.
    package static let metadataKey = "sluice_marker"
    /// Clock skew tolerated when matching on creation time.
    package static let clockSkew: TimeInterval = 300
}
