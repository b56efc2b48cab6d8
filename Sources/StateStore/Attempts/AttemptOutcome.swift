internal import GRDB

/// How an attempt ended.
package enum AttemptOutcome: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
    case succeeded
    case errored
    /// The provider did not process it in time (batch expiry).
    case expired
    case canceled
}
