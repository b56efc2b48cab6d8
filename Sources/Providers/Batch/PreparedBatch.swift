import NIOCore

/// A submission that fits one provider batch, already validated and encoded.
///
/// Made by a client's `prepareBatches`; passed to its `createBatch`. Holds the encoded bytes, so
/// keep only the batches about to be created.
package struct PreparedBatch: Sendable {
    package let provider: Provider
    /// The single model of the batch (OpenAI and Gemini require one); `nil` for Anthropic, whose
    /// batches may mix models.
    package let model: String?
    package let kind: RequestKind
    /// Custom ids in submission order.
    package let customIDs: [String]
    /// Size of what will be sent (create body or input file).
    package let byteCount: Int
    let payload: Payload

    /// The encoded form, per provider.
    enum Payload: Sendable {
        /// Anthropic: `{"requests": [...]}` create body.
        case anthropic(body: ByteBuffer)
        /// OpenAI: the JSONL input file and the endpoint of its lines.
        case openAI(jsonl: ByteBuffer, endpoint: String)
        /// Gemini inline: the encoded `{"request", "metadata"}` entries, wrapped at create time.
        case geminiInline(entries: [ByteBuffer])
        /// Gemini file mode: the JSONL input file of `{"key", "request"}` lines.
        case geminiFile(jsonl: ByteBuffer)
    }

    /// How many requests the batch holds.
    package var requestCount: Int { self.customIDs.count }
}
