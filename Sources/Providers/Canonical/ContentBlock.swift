/// One block of a system prompt or message, with an optional cache breakpoint after it.
///
/// Only text exists today; `Content` is where images or documents by reference will go, and every
/// encoder switches over it so a new case cannot be silently dropped.
package struct ContentBlock: Hashable, Sendable {
    /// The block's payload.
    package enum Content: Hashable, Sendable {
        case text(String)
    }

    package var content: Content
    package var cache: CacheMark?

    package init(_ content: Content, cache: CacheMark? = nil) {
        self.content = content
        self.cache = cache
    }

    /// A text block.
    package static func text(_ text: String, cache: CacheMark? = nil) -> ContentBlock {
        ContentBlock(.text(text), cache: cache)
    }

    /// The text of a text block.
    package var text: String? {
        switch self.content {
        case .text(let text): text
        }
    }
}

extension ContentBlock: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, text, cache
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            self.content = .text(try container.decode(String.self, forKey: .text))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "unsupported content block type '\(type)'"
            )
        }
        self.cache = try container.decodeIfPresent(CacheMark.self, forKey: .cache)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self.content {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        }
        try container.encodeIfPresent(self.cache, forKey: .cache)
    }
}
