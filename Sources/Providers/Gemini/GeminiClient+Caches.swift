import NIOHTTP1

// MARK: - Explicit caches (`cachedContents`, providers.md §3.5)

extension GeminiClient {
    /// `POST /v1beta/cachedContents`: caches a system instruction, tools and leading contents for
    /// `ttl`. Requests then reference it through ``LLMRequest/cachedContent`` and leave those parts out.
    package func createCachedContent(
        model: String,
        system: [ContentBlock],
        messages: [ChatMessage] = [],
        tools: [ToolDefinition] = [],
        ttl: Duration,
        displayName: String? = nil
    ) async throws -> GeminiCachedContent {
        let body = try JSONCoding.encode(
            GeminiWire.CreateCachedContent(
                model: Self.modelResource(model),
                contents: messages.isEmpty ? nil : Self.contents(messages),
                systemInstruction: system.isEmpty ? nil : Self.content(role: nil, system),
                tools: Self.tools(tools),
                ttl: Self.ttlString(ttl),
                displayName: displayName
            )
        )
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/v1beta/cachedContents", body: body, retriable: false, label: "create cached content")
        )
        return Self.cachedContent(try self.transport.decode(GeminiWire.CachedContent.self, from: response, label: "create cached content"))
    }

    package func getCachedContent(name: String) async throws -> GeminiCachedContent {
        let response = try await self.transport.send(
            self.transport.jsonRequest(.GET, "/v1beta/\(Self.cacheResource(name))", label: "get cached content")
        )
        return Self.cachedContent(try self.transport.decode(GeminiWire.CachedContent.self, from: response, label: "get cached content"))
    }

    /// `GET /v1beta/cachedContents` (one page).
    package func listCachedContents(pageToken: String? = nil) async throws -> (entries: [GeminiCachedContent], nextPageToken: String?) {
        let query = pageToken.map { [("pageToken", $0)] } ?? []
        let response = try await self.transport.send(
            self.transport.jsonRequest(.GET, "/v1beta/cachedContents", query: query, label: "list cached contents")
        )
        let list = try self.transport.decode(GeminiWire.CachedContentList.self, from: response, label: "list cached contents")
        return ((list.cachedContents ?? []).map(Self.cachedContent), list.nextPageToken.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `PATCH /v1beta/cachedContents/{id}` with a new `ttl` (counted from now).
    package func updateCachedContent(name: String, ttl: Duration) async throws -> GeminiCachedContent {
        let body = try JSONCoding.encode(GeminiWire.UpdateCachedContent(ttl: Self.ttlString(ttl)))
        let response = try await self.transport.send(
            self.transport.jsonRequest(.PATCH, "/v1beta/\(Self.cacheResource(name))", body: body, label: "update cached content")
        )
        return Self.cachedContent(try self.transport.decode(GeminiWire.CachedContent.self, from: response, label: "update cached content"))
    }

    /// `DELETE /v1beta/cachedContents/{id}`: stops storage billing.
    package func deleteCachedContent(name: String) async throws {
        _ = try await self.transport.send(
            self.transport.jsonRequest(.DELETE, "/v1beta/\(Self.cacheResource(name))", label: "delete cached content")
        )
    }
}
