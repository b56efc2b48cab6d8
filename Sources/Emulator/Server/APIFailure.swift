/// A provider error the emulator answers with on purpose, rendered in each provider's own shape by
/// `renderAnthropic`, `renderOpenAI` and `renderGemini`.
struct APIFailure: Error, Sendable {
    /// HTTP status.
    var status: Int
    /// Human-readable message.
    var message: String
    /// Anthropic `error.type`.
    var anthropicType: String
    /// OpenAI `error.type`.
    var openAIType: String
    /// OpenAI `error.code`.
    var openAICode: String?
    /// OpenAI `error.param`.
    var param: String?
    /// Gemini `error.status`.
    var geminiStatus: String
    /// Gemini `error.details`.
    var geminiDetails: [JSONValue] = []
    /// Extra response headers (`retry-after`, `x-should-retry`).
    var headers: [(String, String)] = []

    static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> APIFailure {
        APIFailure(
            status: 400, message: message, anthropicType: "invalid_request_error",
            openAIType: "invalid_request_error", openAICode: code, param: param, geminiStatus: "INVALID_ARGUMENT"
        )
    }

    static func notFound(_ message: String, code: String? = nil) -> APIFailure {
        APIFailure(
            status: 404, message: message, anthropicType: "not_found_error",
            openAIType: "invalid_request_error", openAICode: code, geminiStatus: "NOT_FOUND"
        )
    }

    static func authentication(_ message: String, code: String? = nil) -> APIFailure {
        APIFailure(
            status: 401, message: message, anthropicType: "authentication_error",
            openAIType: "invalid_request_error", openAICode: code, geminiStatus: "UNAUTHENTICATED"
        )
    }

    static func tooLarge(_ message: String) -> APIFailure {
        APIFailure(
            status: 413, message: message, anthropicType: "request_too_large",
            openAIType: "invalid_request_error", openAICode: "request_too_large", geminiStatus: "INVALID_ARGUMENT"
        )
    }

    static func rateLimited(_ message: String, retryAfter: Double, code: String = "rate_limit_exceeded") -> APIFailure {
        let seconds = max(0, retryAfter)
        return APIFailure(
            status: 429, message: message, anthropicType: "rate_limit_error", openAIType: "requests",
            openAICode: code, geminiStatus: "RESOURCE_EXHAUSTED",
            headers: [
                ("retry-after", String(Int(seconds.rounded(.up)))),
                ("retry-after-ms", String(Int((seconds * 1000).rounded()))),
            ]
        )
    }

    static func overloaded(retryAfter: Double) -> APIFailure {
        let seconds = max(0, retryAfter)
        return APIFailure(
            status: 529, message: "Overloaded", anthropicType: "overloaded_error", openAIType: "server_error",
            geminiStatus: "UNAVAILABLE",
            headers: [("retry-after", String(Int(seconds.rounded(.up))))]
        )
    }

    static func serverError(_ message: String = "Internal server error") -> APIFailure {
        APIFailure(
            status: 500, message: message, anthropicType: "api_error", openAIType: "server_error",
            geminiStatus: "INTERNAL"
        )
    }

    static func unavailable(_ message: String) -> APIFailure {
        APIFailure(
            status: 503, message: message, anthropicType: "api_error", openAIType: "server_error",
            openAICode: "server_is_overloaded", geminiStatus: "UNAVAILABLE"
        )
    }

    static func conflict(_ message: String) -> APIFailure {
        APIFailure(
            status: 409, message: message, anthropicType: "invalid_request_error",
            openAIType: "invalid_request_error", geminiStatus: "FAILED_PRECONDITION"
        )
    }

    static func permissionDenied(_ message: String) -> APIFailure {
        APIFailure(
            status: 403, message: message, anthropicType: "permission_error",
            openAIType: "invalid_request_error", geminiStatus: "PERMISSION_DENIED"
        )
    }
}
