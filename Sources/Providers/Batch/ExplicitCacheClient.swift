/// A provider whose prompt cache is a resource the caller creates, extends and deletes (Gemini
/// `cachedContents`, providers.md §3.5), as opposed to marks or automatic prefix caching.
/// Storage is billed per token-hour of TTL: at creation and on each extension, with no refund
/// for deleting early. Implemented by ``GeminiClient``.
package protocol ExplicitCacheClient: Sendable {
    /// Creates an entry holding `system`, `messages` and `tools` for `ttl`, labelled
    /// `displayName` so that it can be found again after a crash (creation is not idempotent).
    func createCachedContent(
        model: String, system: [ContentBlock], messages: [ChatMessage], tools: [ToolDefinition], ttl: Duration,
        displayName: String?
    ) async throws -> GeminiCachedContent

    /// One entry, as it stands.
    func getCachedContent(name: String) async throws -> GeminiCachedContent

    /// One page of the live entries.
    func listCachedContents(pageToken: String?) async throws -> (entries: [GeminiCachedContent], nextPageToken: String?)

    /// Sets the entry to expire `ttl` from now (the extension is billed).
    func updateCachedContent(name: String, ttl: Duration) async throws -> GeminiCachedContent

    /// Deletes the entry, which stops further storage (nothing already billed is refunded).
    func deleteCachedContent(name: String) async throws
}

extension ExplicitCacheClient {
    /// Every live entry labelled `displayName`, over all pages.
    package func cachedContents(displayName: String) async throws -> [GeminiCachedContent] {
        var found: [GeminiCachedContent] = []
        var token: String?
        repeat {
            let page = try await listCachedContents(pageToken: token)
            found += page.entries.filter { $0.displayName == displayName }
            token = page.nextPageToken
        } while token != nil
        return found
    }

    /// Every live entry, over all pages.
    package func allCachedContents() async throws -> [GeminiCachedContent] {
        var found: [GeminiCachedContent] = []
        var token: String?
        repeat {
            let page = try await listCachedContents(pageToken: token)
            found += page.entries
            token = page.nextPageToken
        } while token != nil
        return found
    }
}

extension GeminiClient: ExplicitCacheClient {}
