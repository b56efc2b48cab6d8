/// Why a valid event cannot be turned into a provider request.
///
/// An unknown model of a provider Sluice can name is reported on the request's result (status
/// `failed`, code `unknown_model`). When no provider can be named (an unknown task, or a model no
/// provider is known for) there is nothing a result could say it ran on, so the intake sends the
/// record to the dead-letter topic with this error instead.
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

    /// The result's `error.code` (and the dead-letter `error.class`).
    package var type: String { code.rawValue }
    package var isUnknownTask: Bool { code == .unknownTask }
    package var isUnknownModel: Bool { code == .unknownModel }
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
