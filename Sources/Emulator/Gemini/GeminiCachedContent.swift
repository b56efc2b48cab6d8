import Foundation

/// An explicit context cache (`cachedContents/{id}`, providers.md §3.5).
struct GeminiCachedContent: Sendable {
    var name: String
    var displayName: String?
    var model: ModelEntry
    var tokens: Int
    var workspace: String
    var createTime: Date
    var updateTime: Date
    var expireTime: Date

    /// The `CachedContent` resource.
    var json: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        if let displayName { object["displayName"] = .string(displayName) }
        object["model"] = .string("models/\(model.id)")
        object["createTime"] = .string(Timestamps.rfc3339(createTime))
        object["updateTime"] = .string(Timestamps.rfc3339(updateTime))
        object["expireTime"] = .string(Timestamps.rfc3339(expireTime))
        object["usageMetadata"] = ["totalTokenCount": .int(tokens)]
        return .object(object)
    }
}
