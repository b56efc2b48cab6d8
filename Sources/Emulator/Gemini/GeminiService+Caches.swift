import Foundation
import Hummingbird
import Synchronization

extension GeminiService {
    static func cacheID(_ name: String) -> String {
        name.hasPrefix("cachedContents/") ? String(name.dropFirst("cachedContents/".count)) : name
    }

    /// A cache that exists, belongs to `workspace` and has not expired.
    func cache(_ id: String, workspace: String) throws(APIFailure) -> GeminiCachedContent {
        let key = Self.cacheID(id)
        guard let cache = registry.withLock({ $0.caches[key] }), cache.workspace == workspace,
            cache.expireTime > core.clock.now
        else {
            throw .notFound("CachedContent not found (or permission denied)")
        }
        return cache
    }

    /// The cache named in a `generateContent` request; a missing one is refused as the API does.
    func liveCache(_ name: String, workspace: String) throws(APIFailure) -> GeminiCachedContent {
        do {
            return try cache(name, workspace: workspace)
        } catch {
            throw .permissionDenied("CachedContent not found (or permission denied)")
        }
    }

    /// Resolves `ttl` ("300s") or `expireTime` into an expiry; TTL defaults to 1 hour (§3.5).
    func expiry(_ body: JSONValue, from now: Date, defaultTTL: Double?) throws(APIFailure) -> Date? {
        if let ttl = body["ttl"]?.stringValue {
            guard let seconds = Timestamps.parseDuration(ttl) else {
                throw .invalidRequest("Invalid value at 'cached_content.ttl' (type.googleapis.com/google.protobuf.Duration), \"\(ttl)\"")
            }
            return now.addingTimeInterval(seconds)
        }
        if let text = GeminiPrompt.field(body, "expireTime")?.stringValue {
            guard let date = Timestamps.parseRFC3339(text) else {
                throw .invalidRequest("Invalid value at 'cached_content.expire_time' (type.googleapis.com/google.protobuf.Timestamp), \"\(text)\"")
            }
            return date
        }
        return defaultTTL.map { now.addingTimeInterval($0) }
    }

    /// Storage is billed per token-hour of TTL (§3.5): the whole TTL when it is set, and any
    /// extension when it is updated. Shortening or deleting early refunds nothing.
    func billStorage(_ cache: GeminiCachedContent, seconds: Double, time: Date) {
        guard seconds > 0 else { return }
        core.ledger.record(
            provider: .gemini, model: cache.model.id, mode: .cacheStorage, batchID: cache.name, customID: nil,
            requestID: nil, time: time,
            usage: LedgerUsage(storageTokenHours: Double(cache.tokens) * seconds / 3600),
            prices: cache.model.prices
        )
    }

    func createCache(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxRequestBytes, tooLargeMessage: "Request payload size exceeds the limit: 20971520 bytes."
        )
        guard let modelName = body["model"]?.stringValue else {
            throw APIFailure.invalidRequest("* CreateCachedContentRequest.cached_content.model: model is required\n")
        }
        guard let model = core.catalogue.model(modelName, provider: .gemini), !model.retired, model.kind == .chat else {
            throw APIFailure.notFound(
                "models/\(modelName.replacingOccurrences(of: "models/", with: "")) is not found for API version v1beta, or is not supported for createCachedContent."
            )
        }
        try GeminiPrompt.checkContents(GeminiPrompt.field(body, "contents"), location: "CachedContent", required: false)
        var tokens = GeminiPrompt.tokens(of: GeminiPrompt.field(body, "contents")?.arrayValue ?? [])
        if let system = GeminiPrompt.field(body, "systemInstruction") { tokens += GeminiPrompt.tokens(of: [system]) }
        if let tools = body["tools"] { tokens += EmulatorTokenizer.count(tools.serializedString()) }
        let minimum = model.minCacheableTokens ?? 1024
        guard tokens >= minimum else {
            throw APIFailure.invalidRequest(
                "Cached content is too small. total_token_count=\(tokens), min_total_token_count=\(minimum)"
            )
        }
        let now = core.clock.now
        guard let expires = try expiry(body, from: now, defaultTTL: 3600), expires > now else {
            throw APIFailure.invalidRequest("expire_time must be in the future.")
        }
        let id = core.ids.make("", length: 12, alphabet: .lowerAlphanumeric)
        let cache = GeminiCachedContent(
            name: "cachedContents/\(id)", displayName: GeminiPrompt.field(body, "displayName")?.stringValue, model: model,
            tokens: tokens, workspace: workspace, createTime: now, updateTime: now, expireTime: expires
        )
        registry.withLock { registry in
            registry.caches[id] = cache
            registry.cacheOrder.append(id)
        }
        billStorage(cache, seconds: expires.timeIntervalSince(now), time: now)
        return Reply.json(cache.json)
    }

    func listCaches(_ request: EmulatorRequest, workspace: String) -> Response {
        let now = core.clock.now
        let caches: [GeminiCachedContent] = registry.withLock { registry in
            registry.cacheOrder.compactMap { registry.caches[$0] }
        }.filter { $0.workspace == workspace && $0.expireTime > now }
        let (page, next) = Self.paginate(caches, request: request)
        var body = JSONObject([("cachedContents", .array(page.map(\.json)))])
        if let next { body["nextPageToken"] = .string(next) }
        return Reply.json(.object(body))
    }

    /// `pageSize` / `pageToken` pagination; the token is the offset.
    static func paginate<T>(_ items: [T], request: EmulatorRequest, defaultSize: Int = 50) -> ([T], String?) {
        let size = max(1, min(request.query["pageSize"].flatMap(Int.init) ?? defaultSize, 1000))
        let offset = request.query["pageToken"].flatMap(Int.init) ?? 0
        guard offset < items.count else { return ([], nil) }
        let end = min(items.count, offset + size)
        return (Array(items[offset..<end]), end < items.count ? String(end) : nil)
    }

    func updateCache(_ request: inout EmulatorRequest, id: String, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(limit: 1 << 20, tooLargeMessage: "Request payload too large.")
        var cache = try cache(id, workspace: workspace)
        let now = core.clock.now
        guard let expires = try expiry(body, from: now, defaultTTL: nil) else {
            throw APIFailure.invalidRequest("Only ttl or expire_time can be updated; neither was given.")
        }
        guard expires > now else { throw APIFailure.invalidRequest("expire_time must be in the future.") }
        let extension_ = expires.timeIntervalSince(cache.expireTime)
        cache.expireTime = expires
        cache.updateTime = now
        let updated = cache
        registry.withLock { $0.caches[Self.cacheID(id)] = updated }
        billStorage(updated, seconds: extension_, time: now)
        return Reply.json(updated.json)
    }

    func deleteCache(_ id: String, workspace: String) throws(APIFailure) -> Response {
        _ = try cache(id, workspace: workspace)
        registry.withLock { registry in
            registry.caches[Self.cacheID(id)] = nil
            registry.cacheOrder.removeAll { $0 == Self.cacheID(id) }
        }
        return Reply.json([:])
    }
}
