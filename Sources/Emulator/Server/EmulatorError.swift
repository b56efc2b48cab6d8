/// Failures of the emulator itself (not the provider errors it serves on purpose).
package struct EmulatorError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case configuration
        case startup
        case notRunning
    }

    private let code: Code
    /// What went wrong.
    package let message: String
    /// Where it was raised.
    package let file: String
    /// Where it was raised.
    package let line: Int

    private init(_ code: Code, _ message: String, file: String, line: Int) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The configuration or catalogue is invalid.
    package static func configuration(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.configuration, message, file: file, line: line)
    }

    /// The server could not start.
    package static func startup(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.startup, message, file: file, line: line)
    }

    /// The emulator was used before it was running or after it stopped.
    package static func notRunning(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.notRunning, message, file: file, line: line)
    }

    /// None of these go away by retrying the same call.
    package var isRetriable: Bool { false }

    package var description: String { "EmulatorError(\(code)): \(message) [\(file):\(line)]" }
}
