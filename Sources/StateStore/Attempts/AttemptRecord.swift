package import Foundation
internal import GRDB

/// One try at answering a request: opened when the request is planned into a batch, finished in
/// the transaction that records its result (or that gives its batch up).
package struct AttemptRecord: Sendable, Hashable, Codable {
    package var tenant: String
    package var requestID: String
    /// 1 for the first attempt.
    package var attempt: Int
    package var batchID: UUID?
    /// The provider's id of a synchronous call (realtime/flex), when known.
    package var callID: String?
    package var mode: AttemptMode
    package var customID: String?
    package var startedAt: Int64
    package var finishedAt: Int64?
    package var outcome: AttemptOutcome?
    package var error: String?

    package init(
        tenant: String, requestID: String, attempt: Int, batchID: UUID?, callID: String? = nil, mode: AttemptMode,
        customID: String?, startedAt: Int64, finishedAt: Int64? = nil, outcome: AttemptOutcome? = nil,
        error: String? = nil
    ) {
        self.tenant = tenant
        self.requestID = requestID
        self.attempt = attempt
        self.batchID = batchID
        self.callID = callID
        self.mode = mode
        self.customID = customID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.error = error
    }

    package var request: RequestKey { RequestKey(tenant: tenant, requestID: requestID) }

    enum CodingKeys: String, CodingKey {
        case tenant
        case requestID = "request_id"
        case attempt
        case batchID = "batch_id"
        case callID = "call_id"
        case mode
        case customID = "custom_id"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case outcome
        case error
    }
}

extension AttemptRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "attempts"

    static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy { .lowercaseString }
}
