/// Why a payload does not meet its topic contract: which field, and what is wrong with it.
///
/// ``description`` (`field: reason`) is written for people and is what goes into the DLQ header
/// `dlq.error.message`; ``dlqErrorClass`` is the stable machine-readable `dlq.error.class`.
/// New codes may be added, so switch on ``code`` with a default.
package struct EventValidationError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of violation. A struct over a private enum so codes can be added without breaking callers.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformedJSON = "malformed_json"
            case missingField = "missing_field"
            case unknownField = "unknown_field"
            case wrongType = "wrong_type"
            case invalidValue = "invalid_value"
            case conflictingFields = "conflicting_fields"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The bytes are not JSON at all.
        package static let malformedJSON = Code(.malformedJSON)
        /// A required field is absent.
        package static let missingField = Code(.missingField)
        /// A field the contract does not define (often a misspelling).
        package static let unknownField = Code(.unknownField)
        /// A field has the wrong JSON type, or is `null` where a value is needed.
        package static let wrongType = Code(.wrongType)
        /// A field has the right type but a value outside its rules.
        package static let invalidValue = Code(.invalidValue)
        /// Fields that must not appear together, or that contradict each other.
        package static let conflictingFields = Code(.conflictingFields)

        package var description: String { base.rawValue }
    }

    package let code: Code
    /// The offending field; `$` when the problem is the document as a whole.
    package let field: JSONPath
    /// What is wrong, phrased to follow the field name.
    package let reason: String
    /// Where the error was raised, for debugging only (not part of the DLQ message).
    package let file: String
    package let line: UInt

    package init(_ code: Code, at field: JSONPath, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.field = field
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// Always `false`: the same bytes fail the same way every time, so the record goes to the DLQ at once.
    package var isRetriable: Bool { false }

    /// The value for the `dlq.error.class` header, e.g. `sluice.contract.missing_field`.
    package var dlqErrorClass: String { "sluice.contract.\(code)" }

    package var description: String { "\(field): \(reason)" }

    package var debugDescription: String { "\(code) at \(field): \(reason) [\(file):\(line)]" }
}
