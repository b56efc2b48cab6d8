import Foundation

// Conversions from JSON to the Swift types of the contract, each reporting the field at fault in
// the words a producer needs to fix it.
extension JSONValue {
    /// The JSON kind with its article, for "must be X, found Y" messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A string as JSON would spell it, cut short so an error message stays a one-liner.
    static func quoted(_ string: String, limit: Int = 64) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: string.unicodeScalars.prefix(limit))
        var text = ""
        for scalar in scalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return "\"" + text + (string.unicodeScalars.count > limit ? "…" : "") + "\""
    }

    /// What was found, for messages: strings quoted, numbers as written, containers by kind.
    var preview: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.description
        case .double(let value): String(value)
        case .string(let value): JSONValue.quoted(value)
        case .array(let items): "an array of \(items.count)"
        case .object: "an object"
        }
    }

    func wrongType(_ expected: String, at path: JSONPath) -> EventValidationError {
        if case .null = self {
            return EventValidationError(.wrongType, at: path, "must not be null (omit an optional field instead)")
        }
        return EventValidationError(.wrongType, at: path, "must be \(expected), found \(kindName)")
    }

    func string(at path: JSONPath, _ rule: StringRule = .any) throws(EventValidationError) -> String {
        guard case .string(let value) = self else { throw wrongType("a string", at: path) }
        try rule.check(value, at: path)
        return value
    }

    func bool(at path: JSONPath) throws(EventValidationError) -> Bool {
        guard case .bool(let value) = self else { throw wrongType("a boolean (true or false)", at: path) }
        return value
    }

    func decimal(at path: JSONPath) throws(EventValidationError) -> Decimal {
        switch self {
        case .number(let value): return value
        case .double: throw EventValidationError(.invalidValue, at: path, "is out of range, found \(preview)")
        default: throw wrongType("a number", at: path)
        }
    }

    /// An integer in JSON Schema's sense: any number with no fractional part (so `2.0` is accepted).
    func integer(at path: JSONPath, in range: ClosedRange<Int>) throws(EventValidationError) -> Int {
        let value: Decimal
        switch self {
        case .number(let number): value = number
        case .double: throw EventValidationError(.invalidValue, at: path, "is out of range, found \(preview)")
        default: throw wrongType("an integer", at: path)
        }
        var input = value
        var whole = Decimal()
        NSDecimalRound(&whole, &input, 0, .plain)
        guard whole == value else {
            throw EventValidationError(.wrongType, at: path, "must be an integer, found \(preview)")
        }
        guard let integer = Int(value.description), range.contains(integer) else {
            throw EventValidationError(.invalidValue, at: path, "must be \(JSONValue.describe(range)), found \(preview)")
        }
        return integer
    }

    func double(at path: JSONPath, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws(EventValidationError) -> Double {
        let value: Double
        switch self {
        // Through the decimal text, which `Double(_:)` rounds correctly (a direct conversion may not).
        case .number(let number): value = Double(number.description) ?? .nan
        case .double(let number): value = number
        default: throw wrongType("a number", at: path)
        }
        guard range.contains(value) else {
            throw EventValidationError(.invalidValue, at: path, "must be \(JSONValue.describe(range)), found \(preview)")
        }
        return value
    }

    func array(at path: JSONPath, count: ClosedRange<Int> = 0...Int.max) throws(EventValidationError) -> [JSONValue] {
        guard case .array(let items) = self else { throw wrongType("an array", at: path) }
        if items.count < count.lowerBound {
            throw EventValidationError(
                .invalidValue, at: path,
                count.lowerBound == 1 ? "must not be empty" : "must have at least \(count.lowerBound) items, found \(items.count)"
            )
        }
        if items.count > count.upperBound {
            throw EventValidationError(.invalidValue, at: path, "must have at most \(count.upperBound) items, found \(items.count)")
        }
        return items
    }

    func object(at path: JSONPath) throws(EventValidationError) -> [String: JSONValue] {
        guard case .object(let fields) = self else { throw wrongType("an object", at: path) }
        return fields
    }

    func enumValue<T>(_ type: T.Type, at path: JSONPath) throws(EventValidationError) -> T
    where T: RawRepresentable & CaseIterable, T.RawValue == String {
        let raw = try string(at: path)
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw EventValidationError(.invalidValue, at: path, "must be one of \(allowed); found \(preview)")
        }
        return value
    }

    func timestamp(at path: JSONPath) throws(EventValidationError) -> EventTimestamp {
        let text = try string(at: path)
        guard let timestamp = EventTimestamp(rfc3339: text) else {
            throw EventValidationError(
                .invalidValue, at: path,
                "must be an RFC 3339 date-time with an offset, like 2026-11-23T18:00:00Z; found \(preview)"
            )
        }
        return timestamp
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): "an integer"
        case (false, true): "at least \(range.lowerBound)"
        case (true, false): "at most \(range.upperBound)"
        case (false, false): "between \(range.lowerBound) and \(range.upperBound)"
        }
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        func text(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
        switch (range.lowerBound == -.greatestFiniteMagnitude, range.upperBound == .greatestFiniteMagnitude) {
        case (true, true): return "a finite number"
        case (false, true): return "at least \(text(range.lowerBound))"
        case (true, false): return "at most \(text(range.upperBound))"
        case (false, false): return "between \(text(range.lowerBound)) and \(text(range.upperBound))"
        }
    }
}
