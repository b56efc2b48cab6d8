/// Why the admin server could not be configured or reached.
///
/// An extensible struct rather than an enum, so that new cases never break callers.
package struct AdminHTTPError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case invalidAddress
        case notRunning
    }

    private let code: Code
    /// What went wrong, for people.
    package let message: String
    /// Where the error was raised.
    package let file: String
    /// The line in ``file``.
    package let line: Int

    private init(_ code: Code, _ message: String, file: String, line: Int) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The address is not `host:port` with a port in 0...65535.
    package static func invalidAddress(_ address: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidAddress, "invalid admin address '\(address)': expected host:port", file: file, line: line)
    }

    /// The server failed to start, or has stopped.
    package static func notRunning(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.notRunning, reason, file: file, line: line)
    }

    /// True for ``invalidAddress(_:file:line:)``.
    package var isInvalidAddress: Bool { code == .invalidAddress }
    /// True for ``notRunning(_:file:line:)``.
    package var isNotRunning: Bool { code == .notRunning }
    /// Neither case goes away by retrying the same call.
    package var isRetriable: Bool { false }

    /// The message with where it was raised.
    package var description: String { "AdminHTTPError: \(message) (\(file):\(line))" }
}
