/// One block of message or system content. Only text blocks exist so far; images or documents by
/// reference may follow as new cases, so switch with a default.
package enum ContentBlock: Sendable, Hashable {
    /// Text, with the producer's hint that the prompt up to and including it is worth caching.
    /// Sluice finds shared prefixes on its own; the hint only adds a candidate breakpoint.
    case text(String, cache: Bool = false)

    /// The text of a text block.
    package var text: String? {
        switch self {
        case .text(let text, _): text
        }
    }

    /// Whether the producer marked this block as a cache breakpoint.
    package var isCacheHint: Bool {
        switch self {
        case .text(_, let cache): cache
        }
    }
}

extension ContentBlock: Encodable, ContractDecodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, text, cache
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text, let cache):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
            // `false` is the default; leaving it out keeps "string" and "one block" spellings equal.
            if cache { try container.encode(true, forKey: .cache) }
        }
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        // The type decides which fields exist, so it is checked before unknown fields.
        let type = try object.string(CodingKeys.type)
        guard type == "text" else {
            throw EventValidationError(
                .invalidValue, at: object.path(CodingKeys.type),
                "unsupported block type \(JSONValue.quoted(type)); this version supports: text"
            )
        }
        try object.rejectUnknownKeys(CodingKeys.self)
        self = .text(try object.string(CodingKeys.text, .nonEmpty), cache: try object.optionalBool(CodingKeys.cache) ?? false)
    }
}
