import NIOHTTP1

// MARK: - generateContent, embedContent, countTokens (providers.md §3.6)

extension GeminiClient {
    /// `:generateContent`, or `:embedContent` once per input for embeddings (usage summed).
    package func send(_ request: LLMRequest, options: RealtimeOptions = .standard) async throws -> LLMResponse {
        var probe = request
        probe.customID = "realtime"
        if let problem = self.validate(probe, forBatch: false) { throw problem }
        let timeout = options.timeout ?? self.transport.configuration.realtimeTimeout
        let model = Self.modelResource(request.model)
        switch request.kind {
        case .chat:
            let body = try JSONCoding.encode(Self.generateRequest(request))
            let response = try await self.transport.send(
                self.transport.jsonRequest(.POST, "/v1beta/\(model):generateContent", body: body, timeout: timeout, label: "generateContent")
            )
            return Self.response(try self.transport.decode(GeminiWire.ResponsePayload.self, from: response, label: "generateContent"))
        case .embedding:
            var vectors: [[Float]] = []
            var usage = TokenUsage.zero
            for text in request.input {
                let body = try JSONCoding.encode(Self.embedRequest(model: request.model, text: text, dimensions: request.dimensions))
                let response = try await self.transport.send(
                    self.transport.jsonRequest(.POST, "/v1beta/\(model):embedContent", body: body, timeout: timeout, label: "embedContent")
                )
                let one = Self.response(try self.transport.decode(GeminiWire.ResponsePayload.self, from: response, label: "embedContent"))
                vectors += one.embeddings ?? []
                usage = usage + one.usage
            }
            return LLMResponse(model: request.model, output: .embeddings(vectors), usage: usage)
        }
    }

    /// `:countTokens` over the whole `generateContentRequest` (system and tools included).
    package func countTokens(_ request: LLMRequest) async throws -> Int {
        let model = Self.modelResource(request.model)
        let body = try JSONCoding.encode(
            GeminiWire.CountTokensRequest(
                generateContentRequest: .init(
                    model: model,
                    contents: Self.contents(request.messages),
                    systemInstruction: request.system.isEmpty ? nil : Self.content(role: nil, request.system),
                    tools: Self.tools(request.tools),
                    cachedContent: request.cachedContent.map(Self.cacheResource)
                )
            )
        )
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/v1beta/\(model):countTokens", body: body, label: "countTokens")
        )
        return try self.transport.decode(GeminiWire.CountTokensResponse.self, from: response, label: "countTokens").totalTokens.value
    }

    /// ``BatchProviderClient`` conformance: ``countTokens(_:)``.
    package func countPromptTokens(_ request: LLMRequest) async throws -> Int? {
        try await countTokens(request)
    }

    /// `:countTokens` on an embedding model. Gemini's embedding results carry no usage
    /// (`EmbedContentResponse` is the vector alone) although the tokens are billed, so this is
    /// the provider's own count of what it bills; one call covers many inputs.
    package func billedEmbeddingTokens(model: String, inputs: [String]) async throws -> Int? {
        guard !inputs.isEmpty else { return 0 }
        let resource = Self.modelResource(model)
        let body = try JSONCoding.encode(
            GeminiWire.CountContentsRequest(contents: inputs.map { GeminiWire.Content(role: nil, parts: [.init(text: $0)]) }))
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/v1beta/\(resource):countTokens", body: body, label: "countTokens")
        )
        return try self.transport.decode(GeminiWire.CountTokensResponse.self, from: response, label: "countTokens").totalTokens.value
    }
}
