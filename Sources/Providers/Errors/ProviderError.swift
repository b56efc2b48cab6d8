import Foundation

/// An error from talking to a provider, or from a request that could never be sent to one.
///
/// Callers decide with ``category`` (what to do) and ``isRetriable`` (whether to try again); the
/// private code keeps the struct open for new cases without breaking switch statements. The
/// message never contains an API key: the transport scrubs provider text before building one.
package struct ProviderError: Error, Sendable, CustomStringConvertible {
    /// What the caller should do about the error.
    package struct Category: Hashable, Sendable, CustomStringConvertible, Codable {
        private enum Base: String, Hashable, Sendable {
            case retry
            case fixRequest = "fix_request"
            case queueFull = "queue_full"
            case fatal
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Transient (rate limit, overload, 5xx, network): try again after a backoff.
        package static let retry = Category(.retry)
        /// The request itself is wrong (validation, too large, unknown model): change it first.
        package static let fixRequest = Category(.fixRequest)
        /// The provider's batch queue is full (OpenAI `token_limit_exceeded`, Anthropic queue
        /// limit, Gemini enqueued tokens): wait for in-flight batches to finish, then resubmit.
        package static let queueFull = Category(.queueFull)
        /// Authentication, billing, permission or configuration: a human must act.
        package static let fatal = Category(.fatal)

        /// Whether waiting and trying the same request again can succeed.
        package var isRetriable: Bool {
            self.base == .retry || self.base == .queueFull
        }

        package var description: String { self.base.rawValue }

        package init(from decoder: any Decoder) throws {
            let raw = try decoder.singleValueContainer().decode(String.self)
            guard let base = Base(rawValue: raw) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "unknown error category '\(raw)'")
                )
            }
            self.base = base
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.base.rawValue)
        }
    }

    private enum Code: String, Sendable {
        case http
        case transport
        case decoding
        case invalidRequest = "invalid_request"
        case unsupported
        case configuration
        case batchFailed = "batch_failed"
        case noResults = "no_results"
    }

    private let code: Code
    /// The provider the call was for.
    package let provider: Provider
    package let category: Category
    /// HTTP status, when the provider answered.
    package let httpStatus: Int?
    /// The provider's own error type or code (`rate_limit_error`, `insufficient_quota`,
    /// `RESOURCE_EXHAUSTED`, `token_limit_exceeded`, ...).
    package let errorType: String?
    package let message: String
    /// The provider's request id (`request-id`, `x-request-id`), for support tickets.
    package let requestID: String?
    /// How long the provider asked us to wait (`retry-after-ms` / `retry-after`).
    package let retryAfter: Duration?
    /// The request this error is about, for per-request validation errors.
    package let customID: String?
    package let file: String
    package let line: Int

    private init(
        code: Code,
        provider: Provider,
        category: Category,
        httpStatus: Int? = nil,
        errorType: String? = nil,
        message: String,
        requestID: String? = nil,
        retryAfter: Duration? = nil,
        customID: String? = nil,
        file: String,
        line: Int
    ) {
        self.code = code
        self.provider = provider
        self.category = category
        self.httpStatus = httpStatus
        self.errorType = errorType
        self.message = message
        self.requestID = requestID
        self.retryAfter = retryAfter
        self.customID = customID
        self.file = file
        self.line = line
    }

    /// Whether waiting and trying again can succeed.
    package var isRetriable: Bool { self.category.isRetriable }

    /// The provider answered with a non-success status.
    package var isHTTPError: Bool { self.code == .http }
    /// The connection failed, timed out or was cut before a full answer arrived.
    package var isTransportError: Bool { self.code == .transport }
    /// A response or result line could not be decoded.
    package var isDecodingError: Bool { self.code == .decoding }
    /// A request failed local validation (limits, custom id, cache marks) and was never sent.
    package var isInvalidRequest: Bool { self.code == .invalidRequest }
    /// The provider cannot do what was asked (for example Anthropic embeddings).
    package var isUnsupported: Bool { self.code == .unsupported }
    /// A batch ended in a failed state (see ``errorType`` for the provider's code).
    package var isBatchFailure: Bool { self.code == .batchFailed }
    /// A batch has no results to read (Gemini `EXPIRED`, not ended yet, ...).
    package var isNoResults: Bool { self.code == .noResults }
    /// Missing API key or malformed base URL.
    package var isConfigurationError: Bool { self.code == .configuration }

    package var description: String {
        var parts = ["ProviderError.\(self.code.rawValue)(\(self.provider), \(self.category)"]
        if let status = self.httpStatus { parts.append("status: \(status)") }
        if let type = self.errorType { parts.append("type: \(type)") }
        if let id = self.customID { parts.append("custom_id: \(id)") }
        if let id = self.requestID { parts.append("request_id: \(id)") }
        if let wait = self.retryAfter { parts.append("retry_after: \(wait)") }
        return parts.joined(separator: ", ") + "): \(self.message)"
    }
}

// MARK: - Factories

extension ProviderError {
    /// A non-success HTTP answer; the category comes from ``Category/classify(provider:status:errorType:message:shouldRetry:operation:)``.
    package static func http(
        provider: Provider,
        status: Int,
        errorType: String?,
        message: String,
        requestID: String?,
        retryAfter: Duration?,
        shouldRetry: Bool? = nil,
        operation: ProviderOperation = .other,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(
            code: .http,
            provider: provider,
            category: .classify(
                provider: provider,
                status: status,
                errorType: errorType,
                message: message,
                shouldRetry: shouldRetry,
                operation: operation
            ),
            httpStatus: status,
            errorType: errorType,
            message: message,
            requestID: requestID,
            retryAfter: retryAfter,
            file: file,
            line: line
        )
    }

    /// A connection, timeout or cut-body failure. Always retriable: nothing was answered.
    package static func transport(
        provider: Provider,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(code: .transport, provider: provider, category: .retry, message: message, file: file, line: line)
    }

    /// A provider answer that does not match its documented shape.
    package static func decoding(
        provider: Provider,
        message: String,
        requestID: String? = nil,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(
            code: .decoding,
            provider: provider,
            category: .fatal,
            message: message,
            requestID: requestID,
            file: file,
            line: line
        )
    }

    /// A request that breaks a documented rule and must be changed before it is sent.
    package static func invalidRequest(
        provider: Provider,
        customID: String?,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(
            code: .invalidRequest,
            provider: provider,
            category: .fixRequest,
            message: message,
            customID: customID,
            file: file,
            line: line
        )
    }

    /// Something the provider does not offer.
    package static func unsupported(
        provider: Provider,
        customID: String? = nil,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(
            code: .unsupported,
            provider: provider,
            category: .fixRequest,
            message: message,
            customID: customID,
            file: file,
            line: line
        )
    }

    /// Missing key, bad base URL and the like.
    package static func configuration(
        provider: Provider,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(code: .configuration, provider: provider, category: .fatal, message: message, file: file, line: line)
    }

    /// A batch that ended `failed`. OpenAI's `token_limit_exceeded` is a full queue (wait and
    /// resubmit); other codes are validation failures of the input.
    package static func batchFailed(
        provider: Provider,
        batchID: String,
        errorType: String?,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        let queueFull = errorType == "token_limit_exceeded" || errorType == "RESOURCE_EXHAUSTED"
        return ProviderError(
            code: .batchFailed,
            provider: provider,
            category: queueFull ? .queueFull : .fixRequest,
            errorType: errorType,
            message: "batch \(batchID) failed: \(message)",
            file: file,
            line: line
        )
    }

    /// A batch whose results cannot be read: not ended yet, or ended with none (Gemini `EXPIRED`).
    package static func noResults(
        provider: Provider,
        batchID: String,
        message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> ProviderError {
        ProviderError(
            code: .noResults,
            provider: provider,
            category: .fixRequest,
            message: "batch \(batchID): \(message)",
            file: file,
            line: line
        )
    }

    /// A copy whose message has every occurrence of `secret` replaced, so a provider that echoes a
    /// key cannot leak it into logs or events.
    func scrubbing(_ secret: String) -> ProviderError {
        guard !secret.isEmpty, self.message.contains(secret) else { return self }
        return ProviderError(
            code: self.code,
            provider: self.provider,
            category: self.category,
            httpStatus: self.httpStatus,
            errorType: self.errorType,
            message: self.message.replacingOccurrences(of: secret, with: "[redacted]"),
            requestID: self.requestID,
            retryAfter: self.retryAfter,
            customID: self.customID,
            file: self.file,
            line: self.line
        )
    }
}
