package import Providers

/// The part of a request a Gemini explicit cache holds: the system instruction, the tools and
/// the leading contents, i.e. everything a bucket shares (every block but the last of the last
/// message, the renderer's prefix group). Gemini prepends a cache's contents to the request's own,
/// and refuses a request that names a cache and repeats its system instruction or tools
/// (providers.md §3.5), so a request referencing it keeps only its last block.
package struct ExplicitCachePrefix: Sendable, Hashable {
    /// The model the cache is made for (a cache serves one model only).
    package var model: String
    /// The system instruction.
    package var system: [Providers.ContentBlock]
    /// The tools.
    package var tools: [Providers.ToolDefinition]
    /// The leading contents; the last may be the first blocks of the request's last message.
    package var messages: [Providers.ChatMessage]

    /// The shared part of `request`, without cache marks (Gemini takes none).
    ///
    /// `nil` when it cannot go in a cache: not a chat request, a tool choice (a request naming a
    /// cache may not set `tool_config`, and the cache this creates carries none), a request that
    /// already names a cache, or nothing shared.
    package init?(of request: LLMRequest) {
        guard request.kind == .chat, request.toolChoice == nil, request.cachedContent == nil,
            let last = request.messages.last, !last.content.isEmpty
        else { return nil }
        let plain = request.withoutCacheMarks
        var leading = Array(plain.messages.dropLast())
        if last.content.count >= 2 {
            leading.append(ChatMessage(role: last.role, content: Array(plain.messages[plain.messages.count - 1].content.dropLast())))
        }
        guard !plain.system.isEmpty || !plain.tools.isEmpty || !leading.isEmpty else { return nil }
        self.model = request.model
        self.system = plain.system
        self.tools = plain.tools
        self.messages = leading
    }

    /// `request` naming `cacheName` with the cached part left out: only its last block remains,
    /// as a turn of the last message's role. `nil` when the request's shared part is not exactly
    /// this one (it must then be sent whole, or it would be answered for another prompt).
    package func referencing(_ request: LLMRequest, cacheName: String) -> LLMRequest? {
        guard let own = ExplicitCachePrefix(of: request), own == self,
            let last = request.messages.last, let block = last.content.last
        else { return nil }
        var result = request.withoutCacheMarks
        result.system = []
        result.tools = []
        var kept = block
        kept.cache = nil
        result.messages = [ChatMessage(role: last.role, content: [kept])]
        result.cachedContent = cacheName
        return result
    }
}
