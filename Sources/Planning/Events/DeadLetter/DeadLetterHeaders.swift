/// The `dlq.*` headers Sluice adds to a record it dead-letters on `llm.requests.dlq`
/// (`topics/schemas/dlq-headers.schema.json`). The record keeps its original key, value and
/// headers beside these, so a replay tool can re-inject it unchanged.
package struct DeadLetterHeaders: ContractPayload {
    package static let schemaFile = "dlq-headers.schema.json"
    /// Longest `dlq.error.message` written; longer messages are cut.
    package static let maximumMessageLength = 1024

    /// Where the record was read from, so a replay tool can find it.
    package var originalTopic: String
    package var originalPartition: Int32
    package var originalOffset: Int64
    /// Stable machine-readable class, e.g. `sluice.contract.missing_field`.
    package var errorClass: String
    /// What was wrong and with which field.
    package var errorMessage: String
    /// When the record was dead-lettered.
    package var failedAt: EventTimestamp
    /// Processing attempts before giving up (1 for records that can never succeed).
    package var attempts: Int?

    /// Headers for a record; `errorMessage` is cut to ``maximumMessageLength`` characters.
    package init(
        originalTopic: String, originalPartition: Int32, originalOffset: Int64, errorClass: String,
        errorMessage: String, failedAt: EventTimestamp, attempts: Int? = nil
    ) {
        self.originalTopic = originalTopic
        self.originalPartition = originalPartition
        self.originalOffset = originalOffset
        self.errorClass = errorClass
        self.errorMessage = DeadLetterHeaders.truncated(errorMessage)
        self.failedAt = failedAt
        self.attempts = attempts
    }

    /// Headers for a record that failed its contract: class and message come from the error.
    package init(
        originalTopic: String, originalPartition: Int32, originalOffset: Int64, error: EventValidationError,
        failedAt: EventTimestamp, attempts: Int = 1
    ) {
        self.init(
            originalTopic: originalTopic, originalPartition: originalPartition, originalOffset: originalOffset,
            errorClass: error.dlqErrorClass, errorMessage: error.description, failedAt: failedAt, attempts: attempts
        )
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case originalTopic = "dlq.original.topic"
        case originalPartition = "dlq.original.partition"
        case originalOffset = "dlq.original.offset"
        case errorClass = "dlq.error.class"
        case errorMessage = "dlq.error.message"
        case failedAt = "dlq.failed_at"
        case attempts = "dlq.attempts"
    }

    /// The Kafka headers to add, in a fixed order, values as UTF-8 strings.
    package var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            (CodingKeys.originalTopic.rawValue, originalTopic),
            (CodingKeys.originalPartition.rawValue, String(originalPartition)),
            (CodingKeys.originalOffset.rawValue, String(originalOffset)),
            (CodingKeys.errorClass.rawValue, errorClass),
            (CodingKeys.errorMessage.rawValue, errorMessage),
            (CodingKeys.failedAt.rawValue, failedAt.rfc3339),
        ]
        if let attempts { headers.append((CodingKeys.attempts.rawValue, String(attempts))) }
        return headers
    }

    /// Reads the `dlq.*` headers of a dead-lettered record; other headers (the original ones) are ignored.
    package init(headers: some Sequence<(name: String, value: String)>) throws(EventValidationError) {
        var fields: [String: JSONValue] = [:]
        for (name, value) in headers where name.hasPrefix("dlq.") {
            fields[name] = .string(value)
        }
        try self.init(contract: .object(fields), at: .root)
    }

    /// Reads the `dlq.*` headers from a name-to-value map of a record's headers.
    package init(headers: [String: String]) throws(EventValidationError) {
        try self.init(headers: headers.map { (name: $0.key, value: $0.value) })
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        originalTopic = try object.string(CodingKeys.originalTopic, .topicName)
        originalPartition = Int32(try Self.decimal(object, CodingKeys.originalPartition, in: 0...Int(Int32.max), zeroAllowed: true))
        originalOffset = Int64(try Self.decimal(object, CodingKeys.originalOffset, in: 0...Int(Int64.max), zeroAllowed: true))
        errorClass = try object.string(CodingKeys.errorClass, .errorClass)
        errorMessage = try object.string(CodingKeys.errorMessage, .dlqMessage)
        failedAt = try object.timestamp(CodingKeys.failedAt)
        attempts = object.contains(CodingKeys.attempts)
            ? try Self.decimal(object, CodingKeys.attempts, in: 1...999_999_999, zeroAllowed: false)
            : nil
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (name, value) in headers {
            try container.encode(value, forKey: CodingKeys(rawValue: name)!)
        }
    }

    /// A header value holding a decimal integer: digits only, no sign, no leading zeros.
    private static func decimal(
        _ object: ContractObject, _ key: CodingKeys, in range: ClosedRange<Int>, zeroAllowed: Bool
    ) throws(EventValidationError) -> Int {
        let text = try object.string(key)
        let digitsOnly = !text.isEmpty && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard digitsOnly, text == "0" ? zeroAllowed : !text.hasPrefix("0"), let value = Int(text), range.contains(value) else {
            throw EventValidationError(
                .invalidValue, at: object.path(key),
                "must be a decimal integer \(JSONValue.describe(range)) without sign or leading zeros, found \(JSONValue.quoted(text))"
            )
        }
        return value
    }

    private static func truncated(_ message: String) -> String {
        let scalars = message.unicodeScalars
        guard scalars.count > maximumMessageLength else { return message.isEmpty ? "(no message)" : message }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars.prefix(maximumMessageLength - 1))
        view.append("…")
        return String(view)
    }
}
