/// When a request moved through Sluice.
package struct ResultTiming: Sendable, Hashable, Encodable, ContractDecodable {
    /// When Sluice journaled the request event.
    package var receivedAt: EventTimestamp
    /// When it was last sent to a provider (`nil` if it never was).
    package var submittedAt: EventTimestamp?
    /// When Sluice learned the final outcome.
    package var completedAt: EventTimestamp

    package init(receivedAt: EventTimestamp, submittedAt: EventTimestamp? = nil, completedAt: EventTimestamp) {
        self.receivedAt = receivedAt
        self.submittedAt = submittedAt
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case receivedAt = "received_at"
        case submittedAt = "submitted_at"
        case completedAt = "completed_at"
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        receivedAt = try object.timestamp(CodingKeys.receivedAt)
        submittedAt = try object.optionalTimestamp(CodingKeys.submittedAt)
        completedAt = try object.timestamp(CodingKeys.completedAt)
        // Beyond the schema: one clock, so the order must hold.
        if let submittedAt, submittedAt < receivedAt {
            throw EventValidationError(.invalidValue, at: object.path(CodingKeys.submittedAt), "is earlier than received_at")
        }
        if completedAt < (submittedAt ?? receivedAt) {
            throw EventValidationError(
                .invalidValue, at: object.path(CodingKeys.completedAt),
                "is earlier than \(submittedAt == nil ? "received_at" : "submitted_at")"
            )
        }
    }
}
