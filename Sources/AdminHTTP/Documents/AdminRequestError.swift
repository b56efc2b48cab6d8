import HTTPTypes

/// A request the admin API refuses or cannot answer, with the status and JSON body it maps to
/// (`{"error": {"code": ..., "message": ...}}`).
struct AdminRequestError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case invalidParameter = "invalid_parameter"
        case internalError = "internal_error"
    }

    private let code: Code
    let message: String
    /// The query parameter at fault, for `invalid_parameter`.
    let parameter: String?

    private init(_ code: Code, _ message: String, parameter: String? = nil) {
        self.code = code
        self.message = message
        self.parameter = parameter
    }

    /// A query parameter with a value the API does not accept (400).
    static func invalidParameter(_ name: String, _ message: String) -> Self {
        Self(.invalidParameter, message, parameter: name)
    }

    /// The store or the pipeline failed (500).
    static func internalError(_ message: String) -> Self { Self(.internalError, message) }

    var status: HTTPResponse.Status {
        switch code {
        case .invalidParameter: .badRequest
        case .internalError: .internalServerError
        }
    }

    /// Only the backend's failures may go away on their own.
    var isRetriable: Bool { code != .invalidParameter }

    /// The `error` object of the body.
    var body: [String: String] {
        var body = ["code": code.rawValue, "message": message]
        if let parameter { body["parameter"] = parameter }
        return body
    }

    var description: String { "\(code.rawValue): \(message)" }
}
