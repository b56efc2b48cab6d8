/// Why a request did not succeed.
package struct ResultError: Sendable, Hashable, Encodable, ContractDecodable {
    /// Sluice's error class in snake_case (`invalid_request`, `rate_limited`, `overloaded`,
    /// `provider_error`, `expired`, `deadline_exceeded`, `canceled`, `content_filtered`,
    /// `template_error`, `internal`...). Open-ended: consumers treat unknown codes as `provider_error`.
    package var code: String
    /// A human-readable explanation.
    package var message: String
    /// The provider's own error type or status, if it gave one.
    package var providerCode: String?

    package init(code: String, message: String, providerCode: String? = nil) {
        self.code = code
        self.message = message
        self.providerCode = providerCode
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, message
        case providerCode = "provider_code"
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        code = try object.string(CodingKeys.code, .errorCode)
        message = try object.string(CodingKeys.message, .nonEmpty)
        providerCode = try object.optionalString(CodingKeys.providerCode, .nonEmpty)
    }
}
