import Foundation

/// A file in OpenAI's Files API: an uploaded batch input, or a batch's output or error file, kept
/// on disk in the emulator's data directory.
struct OpenAIFile: Sendable {
    var id: String
    var bytes: Int
    var createdAt: Date
    var expiresAt: Date?
    var filename: String
    var purpose: String
    var url: URL
    var workspace: String
    /// Lines of a validated batch input file (`purpose=batch`).
    var lineCount: Int

    /// The `FileObject` the API returns.
    var json: JSONValue {
        [
            "id": .string(id),
            "object": "file",
            "bytes": .int(bytes),
            "created_at": .int(Timestamps.unixSeconds(createdAt)),
            "expires_at": .int(orNull: expiresAt.map(Timestamps.unixSeconds)),
            "filename": .string(filename),
            "purpose": .string(purpose),
            "status": "processed",
            "status_details": nil,
        ]
    }
}
