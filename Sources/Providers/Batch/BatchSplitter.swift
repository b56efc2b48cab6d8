import NIOCore

/// Splits encoded requests into as few batches as the limits allow, keeping submission order
/// inside each partition so requests the planner placed together (a shared cache prefix) stay
/// together.
enum BatchSplitter {
    /// - Parameters:
    ///   - items: encoded requests in submission order.
    ///   - limits: the provider's limits.
    ///   - maxBytes: byte cap of one batch (the limits' or a mode's, e.g. Gemini inline).
    ///   - envelopeBytes: fixed bytes around the items (`{"requests":[` ... `]}`).
    ///   - separatorBytes: bytes added per item (`,` or a newline).
    ///   - partitioned: whether each batch may hold only one model and kind.
    /// - Returns: chunks, each within every limit. Items bigger than a whole batch must have been
    ///   rejected before.
    static func split(
        _ items: [EncodedRequest],
        limits: BatchLimits,
        maxBytes: Int,
        envelopeBytes: Int,
        separatorBytes: Int,
        partitioned: Bool
    ) -> [[EncodedRequest]] {
        var order: [String] = []
        var groups: [String: [EncodedRequest]] = [:]
        for item in items {
            let key = partitioned ? item.partitionKey : ""
            if groups[key] == nil {
                order.append(key)
                groups[key] = []
            }
            groups[key]!.append(item)
        }
        var chunks: [[EncodedRequest]] = []
        for key in order {
            var current: [EncodedRequest] = []
            var bytes = envelopeBytes
            var inputs = 0
            for item in groups[key]! {
                let itemBytes = item.bytes.readableBytes + separatorBytes
                let overCount = current.count + 1 > limits.maxRequests
                let overBytes = bytes + itemBytes > maxBytes
                let overInputs = limits.maxEmbeddingInputs.map { inputs + item.embeddingInputs > $0 } ?? false
                if !current.isEmpty && (overCount || overBytes || overInputs) {
                    chunks.append(current)
                    current = []
                    bytes = envelopeBytes
                    inputs = 0
                }
                current.append(item)
                bytes += itemBytes
                inputs += item.embeddingInputs
            }
            if !current.isEmpty {
                chunks.append(current)
            }
        }
        return chunks
    }
}
