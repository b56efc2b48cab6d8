import NIOCore

/// One request encoded as it will sit in a submission (a JSONL line or a JSON array element).
struct EncodedRequest: Sendable {
    var customID: String
    var model: String
    var kind: RequestKind
    var bytes: ByteBuffer
    var embeddingInputs: Int

    /// Requests that may share a batch: OpenAI files and Gemini jobs take one model and one
    /// endpoint; Anthropic batches take anything.
    var partitionKey: String { "\(self.kind.rawValue)|\(self.model)" }
}
