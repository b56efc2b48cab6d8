import NIOHTTP1

// MARK: - Chat Completions and Embeddings

extension OpenAIClient {
    /// `POST /chat/completions` or `POST /embeddings`; `options.serviceTier = .flex` sends
    /// `service_tier: "flex"` on chat calls.
    package func send(_ request: LLMRequest, options: RealtimeOptions = .standard) async throws -> LLMResponse {
        var probe = request
        probe.customID = "realtime"
        if let problem = RequestValidation.common(probe, provider: .openai, limits: self.limits) { throw problem }
        let timeout = options.timeout ?? self.transport.configuration.realtimeTimeout
        switch request.kind {
        case .chat:
            let body = try JSONCoding.encode(Self.chatBody(request, serviceTier: options.serviceTier))
            let response = try await self.transport.send(
                self.transport.jsonRequest(.POST, "/chat/completions", body: body, timeout: timeout, label: "chat completions")
            )
            return Self.response(try self.transport.decode(OpenAIWire.ChatCompletion.self, from: response, label: "chat completions"))
        case .embedding:
            let body = try JSONCoding.encode(Self.embeddingsBody(request))
            let response = try await self.transport.send(
                self.transport.jsonRequest(.POST, "/embeddings", body: body, timeout: timeout, label: "embeddings")
            )
            return Self.response(try self.transport.decode(OpenAIWire.EmbeddingsResponse.self, from: response, label: "embeddings"))
        }
    }
}
