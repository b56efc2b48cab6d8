import Foundation

/// A JSON object being read against a contract: required and optional fields with typed
/// accessors that name the exact path at fault. Optional fields are omitted, never `null`, as in
/// the schemas.
struct ContractObject {
    let fields: [String: JSONValue]
    let path: JSONPath

    init(_ value: JSONValue, at path: JSONPath) throws(EventValidationError) {
        self.fields = try value.object(at: path)
        self.path = path
    }

    /// Rejects any field outside `Keys`, so a misspelt option fails loudly instead of being ignored.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws(EventValidationError) {
        try rejectUnknownKeys(allowed: Set(Keys.allCases.map(\.stringValue)))
    }

    func rejectUnknownKeys(allowed: Set<String>) throws(EventValidationError) {
        // Sorted so the same payload always reports the same field.
        if let unknown = fields.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw EventValidationError(.unknownField, at: path.appending(unknown), "is not a field of this contract")
        }
    }

    func path(_ key: some CodingKey) -> JSONPath { path.appending(key) }

    /// Whether the key is present at all (even as `null`).
    func contains(_ key: some CodingKey) -> Bool { fields[key.stringValue] != nil }

    /// Fails unless the key is present, saying which other field makes it required.
    func require(_ key: some CodingKey, _ condition: String) throws(EventValidationError) {
        if !contains(key) {
            throw EventValidationError(.missingField, at: path(key), "is required \(condition)")
        }
    }

    func value(_ key: some CodingKey) throws(EventValidationError) -> JSONValue {
        guard let value = fields[key.stringValue] else {
            throw EventValidationError(.missingField, at: path(key), "is required")
        }
        if case .null = value {
            throw EventValidationError(.wrongType, at: path(key), "is required and must not be null")
        }
        return value
    }

    func optionalValue(_ key: some CodingKey) throws(EventValidationError) -> JSONValue? {
        guard let value = fields[key.stringValue] else { return nil }
        if case .null = value {
            throw EventValidationError(.wrongType, at: path(key), "must not be null (omit an optional field instead)")
        }
        return value
    }

    // MARK: - Typed accessors

    func string(_ key: some CodingKey, _ rule: StringRule = .any) throws(EventValidationError) -> String {
        try value(key).string(at: path(key), rule)
    }

    func optionalString(_ key: some CodingKey, _ rule: StringRule = .any) throws(EventValidationError) -> String? {
        try optionalValue(key).map { value throws(EventValidationError) in try value.string(at: path(key), rule) }
    }

    func integer(_ key: some CodingKey, in range: ClosedRange<Int>) throws(EventValidationError) -> Int {
        try value(key).integer(at: path(key), in: range)
    }

    func optionalInteger(_ key: some CodingKey, in range: ClosedRange<Int>) throws(EventValidationError) -> Int? {
        try optionalValue(key).map { value throws(EventValidationError) in try value.integer(at: path(key), in: range) }
    }

    func double(_ key: some CodingKey, in range: ClosedRange<Double>) throws(EventValidationError) -> Double {
        try value(key).double(at: path(key), in: range)
    }

    func optionalDouble(_ key: some CodingKey, in range: ClosedRange<Double>) throws(EventValidationError) -> Double? {
        try optionalValue(key).map { value throws(EventValidationError) in try value.double(at: path(key), in: range) }
    }

    func optionalBool(_ key: some CodingKey) throws(EventValidationError) -> Bool? {
        try optionalValue(key).map { value throws(EventValidationError) in try value.bool(at: path(key)) }
    }

    func enumValue<T>(_ type: T.Type, _ key: some CodingKey) throws(EventValidationError) -> T
    where T: RawRepresentable & CaseIterable, T.RawValue == String {
        try value(key).enumValue(type, at: path(key))
    }

    func optionalEnum<T>(_ type: T.Type, _ key: some CodingKey) throws(EventValidationError) -> T?
    where T: RawRepresentable & CaseIterable, T.RawValue == String {
        try optionalValue(key).map { value throws(EventValidationError) in try value.enumValue(type, at: path(key)) }
    }

    func timestamp(_ key: some CodingKey) throws(EventValidationError) -> EventTimestamp {
        try value(key).timestamp(at: path(key))
    }

    func optionalTimestamp(_ key: some CodingKey) throws(EventValidationError) -> EventTimestamp? {
        try optionalValue(key).map { value throws(EventValidationError) in try value.timestamp(at: path(key)) }
    }

    /// A dollar amount; `nonNegative` for costs, which are never below zero (savings may be).
    func usd(_ key: some CodingKey, nonNegative: Bool) throws(EventValidationError) -> USD {
        let amount = try value(key).decimal(at: path(key))
        if nonNegative && amount < 0 {
            throw EventValidationError(.invalidValue, at: path(key), "must not be negative, found \(amount)")
        }
        return USD(amount)
    }

    func decode<T: ContractDecodable>(_ type: T.Type, _ key: some CodingKey) throws(EventValidationError) -> T {
        try T(contract: value(key), at: path(key))
    }

    func optionalDecode<T: ContractDecodable>(_ type: T.Type, _ key: some CodingKey) throws(EventValidationError) -> T? {
        try optionalValue(key).map { value throws(EventValidationError) in try T(contract: value, at: path(key)) }
    }

    /// A producer-owned `metadata` object (at most 64 keys), kept verbatim.
    func optionalMetadata(_ key: some CodingKey) throws(EventValidationError) -> [String: JSONValue]? {
        guard let value = try optionalValue(key) else { return nil }
        let object = try value.object(at: path(key))
        if object.count > 64 {
            throw EventValidationError(.invalidValue, at: path(key), "must have at most 64 keys, found \(object.count)")
        }
        return object
    }
}
