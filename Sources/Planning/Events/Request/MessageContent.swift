/// Message or system content: a string or a list of blocks. A string means exactly the same as a
/// single uncached text block with that text, and the two compare equal; only the spelling is
/// remembered, so that re-encoding gives back what the producer wrote.
package struct MessageContent: Sendable, Hashable {
    package private(set) var blocks: [ContentBlock]
    /// Written as a plain string rather than a block list (presentation only; ignored by `==`).
    private var spelledAsString: Bool

    /// Content given as a plain string.
    package init(_ text: String) {
        blocks = [.text(text)]
        spelledAsString = true
    }

    /// Content given as blocks.
    package init(blocks: [ContentBlock]) {
        self.blocks = blocks
        spelledAsString = false
    }

    /// The text of all blocks, concatenated (what a provider that takes only strings receives).
    package var text: String { blocks.compactMap(\.text).joined() }

    package static func == (lhs: MessageContent, rhs: MessageContent) -> Bool { lhs.blocks == rhs.blocks }
    package func hash(into hasher: inout Hasher) { hasher.combine(blocks) }
}

extension MessageContent: Encodable, ContractDecodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if spelledAsString, blocks.count == 1, case .text(let text, cache: false) = blocks[0] {
            try container.encode(text)
        } else {
            try container.encode(blocks)
        }
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        switch json {
        case .string:
            self.init(try json.string(at: path, .nonEmpty))
        case .array:
            let items = try json.array(at: path, count: 1...Int.max)
            var blocks: [ContentBlock] = []
            blocks.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                blocks.append(try ContentBlock(contract: item, at: path.appending(index: index)))
            }
            self.init(blocks: blocks)
        default:
            throw json.wrongType("a non-empty string or a list of content blocks", at: path)
        }
    }
}
