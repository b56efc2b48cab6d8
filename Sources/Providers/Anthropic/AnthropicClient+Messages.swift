import NIOHTTP1

// MARK: - Messages and token counting (providers.md §1.2, §1.6)

extension AnthropicClient {
    /// `POST /v1/messages`, retried on transient errors like the SDK.
    package func send(_ request: LLMRequest, options: RealtimeOptions = .standard) async throws -> LLMResponse {
        if let problem = self.validateRealtime(request) { throw problem }
        let body = try JSONCoding.encode(Self.params(for: request))
        let call = self.transport.jsonRequest(
            .POST,
            "/v1/messages",
            body: body,
            timeout: options.timeout ?? self.transport.configuration.realtimeTimeout,
            label: "messages"
        )
        let response = try await self.transport.send(call)
        return Self.response(try self.transport.decode(AnthropicWire.MessageResponse.self, from: response, label: "messages"))
    }

    /// `POST /v1/messages/count_tokens`: the prompt's input tokens (an estimate, free but
    /// rate-limited). Generation parameters are left out; the endpoint rejects them.
    package func countTokens(_ request: LLMRequest) async throws -> Int {
        if let problem = self.validateRealtime(request) { throw problem }
        let body = try JSONCoding.encode(Self.params(for: request, includeGeneration: false))
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/v1/messages/count_tokens", body: body, label: "count tokens")
        )
        return try self.transport.decode(AnthropicWire.TokenCount.self, from: response, label: "count tokens").input_tokens
    }

    /// ``BatchProviderClient`` conformance: ``countTokens(_:)``.
    package func countPromptTokens(_ request: LLMRequest) async throws -> Int? {
        try await countTokens(request)
    }

    /// Realtime calls follow the batch rules except for the custom id, which is not sent.
    private func validateRealtime(_ request: LLMRequest) -> ProviderError? {
        var probe = request
        probe.customID = "realtime"
        return self.validate(probe)
    }
}
