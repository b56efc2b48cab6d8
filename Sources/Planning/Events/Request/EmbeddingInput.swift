/// What an embedding request embeds. One text and a list of one text are different requests: the
/// result mirrors the shape (`embedding` for a single text, `embeddings` for a list).
package enum EmbeddingInput: Sendable, Hashable {
    case single(String)
    case list([String])

    /// The texts in order.
    package var texts: [String] {
        switch self {
        case .single(let text): [text]
        case .list(let texts): texts
        }
    }
}

extension EmbeddingInput: Encodable, ContractDecodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let text): try container.encode(text)
        case .list(let texts): try container.encode(texts)
        }
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        switch json {
        case .string:
            self = .single(try json.string(at: path, .nonEmpty))
        case .array:
            // 2048 is OpenAI's per-call limit, the lowest of the three providers.
            let items = try json.array(at: path, count: 1...2048)
            var texts: [String] = []
            texts.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                texts.append(try item.string(at: path.appending(index: index), .nonEmpty))
            }
            self = .list(texts)
        default:
            throw json.wrongType("a non-empty string or a list of strings", at: path)
        }
    }
}
