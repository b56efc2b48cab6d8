/// What a succeeded request produced; its shape follows the request's.
package enum ResultOutput: Sendable, Hashable {
    /// A chat answer: all text blocks concatenated.
    case text(String, stopReason: StopReason? = nil)
    /// The vector of a single-text embedding input.
    case embedding([Double])
    /// One vector per input text, in input order.
    case embeddings([[Double]])
}

extension ResultOutput: Encodable, ContractDecodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case text
        case stopReason = "stop_reason"
        case embedding, embeddings
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text, let stopReason):
            try container.encode(text, forKey: .text)
            try container.encodeIfPresent(stopReason, forKey: .stopReason)
        case .embedding(let vector):
            try container.encode(vector, forKey: .embedding)
        case .embeddings(let vectors):
            try container.encode(vectors, forKey: .embeddings)
        }
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        let present = [CodingKeys.text, .embedding, .embeddings].filter(object.contains)
        guard present.count == 1 else {
            throw EventValidationError(
                present.isEmpty ? .missingField : .conflictingFields, at: path,
                "must hold exactly one of text, embedding, embeddings; found \(present.isEmpty ? "none" : present.map(\.stringValue).joined(separator: " and "))"
            )
        }
        switch present[0] {
        case .text:
            self = .text(try object.string(CodingKeys.text), stopReason: try object.optionalEnum(StopReason.self, CodingKeys.stopReason))
        case .embedding:
            try Self.rejectStopReason(object)
            self = .embedding(try Self.vector(object.value(CodingKeys.embedding), at: object.path(CodingKeys.embedding)))
        default:
            try Self.rejectStopReason(object)
            let path = object.path(CodingKeys.embeddings)
            let items = try object.value(CodingKeys.embeddings).array(at: path, count: 1...Int.max)
            var vectors: [[Double]] = []
            vectors.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                vectors.append(try Self.vector(item, at: path.appending(index: index)))
            }
            self = .embeddings(vectors)
        }
    }

    private static func rejectStopReason(_ object: ContractObject) throws(EventValidationError) {
        if object.contains(CodingKeys.stopReason) {
            throw EventValidationError(.conflictingFields, at: object.path(CodingKeys.stopReason), "applies to text output only")
        }
    }

    private static func vector(_ json: JSONValue, at path: JSONPath) throws(EventValidationError) -> [Double] {
        let items = try json.array(at: path, count: 1...Int.max)
        var vector: [Double] = []
        vector.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            vector.append(try item.double(at: path.appending(index: index)))
        }
        return vector
    }
}
