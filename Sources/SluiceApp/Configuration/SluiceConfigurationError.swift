/// Why the configuration cannot be used: which setting (YAML key path or environment variable),
/// the value it had, and what was expected.
///
/// Raised at startup, before anything runs, so an operator sees the exact key to fix instead of a
/// failure deep in the pipeline. New codes may be added; switch on ``code`` with a default.
package struct SluiceConfigurationError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of problem. A struct over a private enum so codes can be added without breaking callers.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unreadableFile = "unreadable_file"
            case invalidYAML = "invalid_yaml"
            case unknownKey = "unknown_key"
            case wrongType = "wrong_type"
            case invalidValue = "invalid_value"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The configuration file (or a file it names) cannot be read.
        package static let unreadableFile = Code(.unreadableFile)
        /// The configuration file is not YAML.
        package static let invalidYAML = Code(.invalidYAML)
        /// A YAML key Sluice does not know, usually a misspelling.
        package static let unknownKey = Code(.unknownKey)
        /// A YAML value of the wrong shape (a list where a mapping belongs, ...).
        package static let wrongType = Code(.wrongType)
        /// A value of the right shape outside its rules.
        package static let invalidValue = Code(.invalidValue)

        package var description: String { base.rawValue }
    }

    package let code: Code
    /// The setting at fault: a YAML key path such as `batching.max_wait`, or a variable such as
    /// `SLUICE_BATCH_MAX_WAIT`.
    package let key: String
    /// What is wrong, phrased to follow the key (and naming the bad value).
    package let reason: String
    /// Where the error was raised, for debugging only.
    package let file: String
    package let line: UInt

    package init(_ code: Code, key: String, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.key = key
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// Always `false`: the same configuration fails the same way until someone edits it.
    package var isRetriable: Bool { false }

    package var description: String { "configuration error: \(key): \(reason)" }
    package var debugDescription: String { "\(code) at \(key): \(reason) [\(file):\(line)]" }

    static func invalid(_ key: String, _ value: String, expected: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidValue, key: key, "'\(value)' is not valid: expected \(expected)", file: file, line: line)
    }
}
