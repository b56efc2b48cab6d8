/// How many requests a savings event covers, by final status.
package struct RequestCounts: Sendable, Hashable, Encodable, ContractDecodable {
    package var succeeded: Int
    package var failed: Int
    package var expired: Int
    package var canceled: Int

    package init(succeeded: Int = 0, failed: Int = 0, expired: Int = 0, canceled: Int = 0) {
        self.succeeded = succeeded
        self.failed = failed
        self.expired = expired
        self.canceled = canceled
    }

    /// All requests; written to the wire as `total`.
    package var total: Int { succeeded + failed + expired + canceled }

    /// Counts one more request with this final status.
    package mutating func record(_ status: ResultStatus) {
        switch status {
        case .succeeded: succeeded += 1
        case .failed: failed += 1
        case .expired: expired += 1
        case .canceled: canceled += 1
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case total, succeeded, failed, expired, canceled
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(failed, forKey: .failed)
        try container.encode(expired, forKey: .expired)
        try container.encode(canceled, forKey: .canceled)
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        let total = try object.integer(CodingKeys.total, in: 0...Int.max)
        succeeded = try object.integer(CodingKeys.succeeded, in: 0...Int.max)
        failed = try object.integer(CodingKeys.failed, in: 0...Int.max)
        expired = try object.integer(CodingKeys.expired, in: 0...Int.max)
        canceled = try object.integer(CodingKeys.canceled, in: 0...Int.max)
        if total != self.total {
            throw EventValidationError(
                .conflictingFields, at: object.path(CodingKeys.total),
                "must equal succeeded + failed + expired + canceled (\(self.total)), found \(total)"
            )
        }
    }
}
