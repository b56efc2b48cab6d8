/// The length and alphabet a string field must have. Lengths count Unicode scalars, as JSON Schema's
/// `minLength`/`maxLength` do, so the Swift validator and the schemas agree on every input.
struct StringRule: Sendable {
    var length: ClosedRange<Int>
    /// Whether the scalar at a given offset may appear; `nil` allows every scalar.
    var accepts: (@Sendable (Unicode.Scalar, Int) -> Bool)?
    /// What `accepts` demands, phrased to follow "must be" / "must contain".
    var alphabet: String

    static let any = StringRule(length: 0...Int.max, accepts: nil, alphabet: "")
    static let nonEmpty = StringRule(length: 1...Int.max, accepts: nil, alphabet: "")

    /// Producer-chosen ids (`id`, `document.id`): mirrors `common.schema.json#/$defs/event_id`.
    static let eventID = StringRule(length: 1...256, accepts: { scalar, _ in !scalar.isControl }, alphabet: "free of control characters")

    /// Mirrors `common.schema.json#/$defs/tenant`; the leading letter or digit keeps `_global` reserved.
    static let tenant = StringRule(
        length: 1...128,
        accepts: { scalar, offset in scalar.isASCIIAlphanumeric || (offset > 0 && "._:@-".unicodeScalars.contains(scalar)) },
        alphabet: "letters, digits and . _ : @ -, starting with a letter or digit"
    )

    /// Task template names: mirrors the `task` pattern `^[a-z][a-z0-9_.-]{0,63}$`.
    static let taskName = StringRule(
        length: 1...64,
        accepts: { scalar, offset in
            scalar.isASCIILowercase || (offset > 0 && (scalar.isASCIIDigit || "_.-".unicodeScalars.contains(scalar)))
        },
        alphabet: "lower-case letters, digits and _ . -, starting with a letter"
    )

    /// Mirrors `common.schema.json#/$defs/model`.
    static let model = StringRule(
        length: 1...128,
        accepts: { scalar, offset in scalar.isASCIIAlphanumeric || (offset > 0 && "._:/@-".unicodeScalars.contains(scalar)) },
        alphabet: "letters, digits and . _ : / @ -, starting with a letter or digit"
    )

    /// Provider batch ids and group ids: opaque, bounded.
    static let opaqueID = StringRule(length: 1...256, accepts: nil, alphabet: "")

    /// Result error codes: snake_case.
    static let errorCode = StringRule(
        length: 1...Int.max,
        accepts: { scalar, offset in
            scalar.isASCIILowercase || (offset > 0 && (scalar.isASCIIDigit || scalar == "_"))
        },
        alphabet: "snake_case (lower-case letters, digits and _, starting with a letter)"
    )

    /// Kafka topic names.
    static let topicName = StringRule(
        length: 1...249,
        accepts: { scalar, _ in scalar.isASCIIAlphanumeric || "._-".unicodeScalars.contains(scalar) },
        alphabet: "letters, digits and . _ -"
    )

    /// `dlq.error.class` values.
    static let errorClass = StringRule(
        length: 1...128,
        accepts: { scalar, _ in scalar.isASCIIAlphanumeric || "_.:-".unicodeScalars.contains(scalar) },
        alphabet: "letters, digits and _ . : -"
    )

    /// `dlq.error.message` values.
    static let dlqMessage = StringRule(length: 1...1024, accepts: nil, alphabet: "")

    func check(_ string: String, at path: JSONPath) throws(EventValidationError) {
        let count = string.unicodeScalars.count
        if count < length.lowerBound {
            throw EventValidationError(
                .invalidValue, at: path,
                length.lowerBound == 1 ? "must not be empty" : "must be at least \(length.lowerBound) characters long, found \(count)"
            )
        }
        if count > length.upperBound {
            throw EventValidationError(.invalidValue, at: path, "must be at most \(length.upperBound) characters long, found \(count)")
        }
        guard let accepts else { return }
        for (offset, scalar) in string.unicodeScalars.enumerated() where !accepts(scalar, offset) {
            let character = scalar.isControl || scalar == " "
                ? "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                : "'\(scalar)'"
            throw EventValidationError(
                .invalidValue, at: path,
                "must be \(alphabet); found \(character) at position \(offset) in \(JSONValue.quoted(string))"
            )
        }
    }
}

extension Unicode.Scalar {
    /// C0 controls and DEL: what the schemas' `[\u0000-\u001F\u007F]` class excludes.
    fileprivate var isControl: Bool { value < 0x20 || value == 0x7F }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    fileprivate var isASCIILowercase: Bool { ("a"..."z").contains(self) }
    fileprivate var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILowercase || ("A"..."Z").contains(self) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
