import Foundation

/// A file of the Gemini Files API: an upload, or a batch's generated results file.
struct GeminiFile: Sendable {
    var id: String
    var displayName: String?
    var mimeType: String
    var bytes: Int
    var sha256: String
    var createTime: Date
    var expirationTime: Date
    var generated: Bool
    var url: URL
    var workspace: String

    /// The `File` resource; `origin` makes its `uri` and `downloadUri` absolute.
    func json(origin: String) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string("files/\(id)")
        if let displayName { object["displayName"] = .string(displayName) }
        object["mimeType"] = .string(mimeType)
        object["sizeBytes"] = .string(String(bytes))
        object["createTime"] = .string(Timestamps.rfc3339(createTime))
        object["updateTime"] = .string(Timestamps.rfc3339(createTime))
        object["expirationTime"] = .string(Timestamps.rfc3339(expirationTime))
        object["sha256Hash"] = .string(sha256)
        object["uri"] = .string("\(origin)/v1beta/files/\(id)")
        if generated { object["downloadUri"] = .string("\(origin)/download/v1beta/files/\(id):download?alt=media") }
        object["state"] = "ACTIVE"
        object["source"] = .string(generated ? "GENERATED" : "UPLOADED")
        return .object(object)
    }
}
