import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Sends provider calls over the shared `HTTPClient`: auth headers, deadlines, classification of
/// failures and bounded retries. One per provider client; cheap to copy.
struct ProviderTransport: Sendable {
    let endpoint: ProviderEndpoint
    let client: HTTPClient
    let configuration: ProviderClientConfiguration
    let logger: Logger

    var provider: Provider { self.endpoint.provider }

    /// The auth and version headers of every call (providers.md §1.1, §2.1, §3.1, §6).
    var authHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        switch self.provider {
        case .anthropic:
            headers.add(name: "x-api-key", value: self.endpoint.apiKey.value)
            headers.add(name: "anthropic-version", value: "2023-06-01")
        case .openai:
            headers.add(name: "authorization", value: "Bearer \(self.endpoint.apiKey.value)")
        case .gemini:
            headers.add(name: "x-goog-api-key", value: self.endpoint.apiKey.value)
        }
        headers.add(name: "user-agent", value: "sluice-providers/1")
        return headers
    }

    /// A JSON request to `path` under the base URL.
    func jsonRequest(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: ByteBuffer? = nil,
        retriable: Bool = true,
        operation: ProviderOperation = .other,
        timeout: Duration? = nil,
        label: String
    ) -> ProviderHTTPRequest {
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "application/json")
        if body != nil {
            headers.add(name: "content-type", value: "application/json")
        }
        return ProviderHTTPRequest(
            method: method,
            url: self.endpoint.url(path, query: query),
            headers: headers,
            body: body,
            retriable: retriable,
            operation: operation,
            timeout: timeout ?? self.configuration.requestTimeout,
            label: label
        )
    }

    /// Sends the call and collects its body (up to ``ProviderClientConfiguration/maxResponseBytes``).
    ///
    /// - Throws: ``ProviderError`` for any failure after retries, or `CancellationError`.
    func send(_ request: ProviderHTTPRequest) async throws -> ProviderHTTPResponse {
        try await self.withRetries(request) {
            let response = try await self.execute(request)
            do {
                let body = try await response.body.collect(upTo: self.configuration.maxResponseBytes)
                return ProviderHTTPResponse(status: Int(response.status.code), headers: response.headers, body: body)
            } catch {
                throw self.mapTransport(error, request: request)
            }
        }
    }

    /// Sends the call and returns as soon as a success head arrives; the caller streams the body.
    ///
    /// Retries cover only the head: once the body is handed out, its failures are the caller's.
    func open(_ request: ProviderHTTPRequest) async throws -> HTTPClientResponse {
        try await self.withRetries(request) {
            try await self.execute(request)
        }
    }

    /// Decodes a collected JSON body, turning a shape mismatch into a decoding error that names the call.
    func decode<T: Decodable>(_ type: T.Type, from response: ProviderHTTPResponse, label: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw ProviderError.decoding(
                provider: self.provider,
                message: "\(label): unexpected response shape: \(Self.describe(error))",
                requestID: response.requestID
            ).scrubbing(self.endpoint.apiKey.value)
        }
    }

    // MARK: - One attempt

    /// Executes once; a non-success status becomes a classified ``ProviderError``.
    private func execute(_ request: ProviderHTTPRequest) async throws -> HTTPClientResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = self.authHeaders
        outgoing.headers.add(contentsOf: request.headers)
        if let body = request.body {
            outgoing.body = .bytes(body)
        }
        let response: HTTPClientResponse
        do {
            response = try await self.client.execute(
                outgoing,
                timeout: request.timeout.timeAmount,
                logger: self.logger
            )
        } catch {
            throw self.mapTransport(error, request: request)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw await self.httpError(response, request: request)
        }
        return response
    }

    /// Reads a small error body and classifies it; the key is scrubbed from anything echoed.
    private func httpError(_ response: HTTPClientResponse, request: ProviderHTTPRequest) async -> ProviderError {
        let body = try? await response.body.collect(upTo: 1 << 20)
        let status = Int(response.status.code)
        let parsed = body.map { ErrorBody.parse($0) } ?? ErrorBody(type: nil, message: nil)
        let fallback = body.map { String(buffer: $0).prefix(500) }.map(String.init) ?? ""
        let message = parsed.message ?? (fallback.isEmpty ? "HTTP \(status)" : fallback)
        return ProviderError.http(
            provider: self.provider,
            status: status,
            errorType: parsed.type,
            message: "\(request.label): \(message)",
            requestID: RetryHints.requestID(response.headers),
            retryAfter: RetryHints.retryAfter(response.headers),
            shouldRetry: RetryHints.shouldRetry(response.headers),
            operation: request.operation
        ).scrubbing(self.endpoint.apiKey.value)
    }

    func mapTransport(_ error: any Error, request: ProviderHTTPRequest) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let error = error as? ProviderError { return error }
        return ProviderError.transport(
            provider: self.provider,
            message: "\(request.label): \(Self.describe(error))"
        ).scrubbing(self.endpoint.apiKey.value)
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error).prefix(500).description
    }

    // MARK: - Retries

    /// Runs `attempt` until it succeeds, fails for good, or the policy is spent. Only errors with
    /// category ``ProviderError/Category/retry`` are retried inline; a full queue is the caller's.
    private func withRetries<T: Sendable>(
        _ request: ProviderHTTPRequest,
        _ attempt: () async throws -> T
    ) async throws -> T {
        let policy = request.retriable ? self.configuration.retry : .none
        let clock = ContinuousClock()
        let start = clock.now
        var number = 1
        while true {
            do {
                return try await attempt()
            } catch let error as ProviderError where error.category == .retry {
                let delay = policy.delay(afterAttempt: number, retryAfter: error.retryAfter, unit: Double.random(in: 0..<1))
                guard
                    policy.allowsRetry(
                        afterAttempt: number,
                        delay: delay,
                        retryAfter: error.retryAfter,
                        elapsed: clock.now - start
                    )
                else { throw error }
                self.logger.debug(
                    "retrying provider call",
                    metadata: [
                        LoggingKeys.provider: "\(self.provider)",
                        LoggingKeys.operation: "\(request.label)",
                        LoggingKeys.attempt: "\(number)",
                        LoggingKeys.httpStatus: "\(error.httpStatus.map(String.init) ?? "-")",
                        LoggingKeys.requestID: "\(error.requestID ?? "-")",
                        LoggingKeys.delay: "\(delay)",
                    ]
                )
                try await Task.sleep(for: delay)
                number += 1
            }
        }
    }
}
