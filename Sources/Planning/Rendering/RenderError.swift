/// Why a valid event cannot be turned into a provider request. Reported on the request's result
/// (status `failed`), not sent to the dead-letter topic: the event itself is well-formed.
package struct RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case unknownTask = "unknown_task"
        case unknownModel = "unknown_model"
        case unknownProvider = "unknown_provider"
        case unsupported
    }

    private let code: Code
    /// What was wrong, for the result's `error.message`.
    package let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The result's `error.type`.
    package var type: String { code.rawValue }
    /// The same event will fail the same way: never retry it.
    package var isRetriable: Bool { false }
    package var description: String { "\(code.rawValue): \(message)" }

    package static func unknownTask(_ name: String, known: [String]) -> Self {
        Self(.unknownTask, "no task named '\(name)' is configured (known: \(known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))")
    }

    package static func unknownModel(_ model: String, provider: String?) -> Self {
        Self(.unknownModel, "model '\(model)' is not in the price book" + (provider.map { " for provider \($0)" } ?? " for any provider"))
    }

    package static func unknownProvider(_ name: String) -> Self {
        Self(.unknownProvider, "unknown provider '\(name)' (known: anthropic, openai, gemini)")
    }

    package static func unsupported(_ message: String) -> Self {
        Self(.unsupported, message)
    }
}
