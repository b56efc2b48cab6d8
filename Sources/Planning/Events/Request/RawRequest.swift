/// A raw-mode request (`request`): a provider-neutral chat or embedding call. `kind` decides which
/// fields apply; a field of the other kind is an error, not something to ignore.
package enum RawRequest: Sendable, Hashable {
    case chat(ChatRequest)
    case embedding(EmbeddingRequest)

    package var kind: RequestKind {
        switch self {
        case .chat: .chat
        case .embedding: .embedding
        }
    }

    /// The pinned provider, if any (otherwise Sluice infers it from the model).
    package var provider: ProviderName? {
        switch self {
        case .chat(let request): request.provider
        case .embedding(let request): request.provider
        }
    }

    package var model: String {
        switch self {
        case .chat(let request): request.model
        case .embedding(let request): request.model
        }
    }
}

extension RawRequest: Encodable, ContractDecodable {
    /// The keys of both kinds; ``ChatRequest`` and ``EmbeddingRequest`` write their own subsets.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, provider, model
        case system, messages
        case maxTokens = "max_tokens"
        case temperature
        case topP = "top_p"
        case stop
        case input, dimensions
    }

    private static let chatOnly: [CodingKeys] = [.system, .messages, .maxTokens, .temperature, .topP, .stop]
    private static let embeddingOnly: [CodingKeys] = [.input, .dimensions]

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .chat(let request): try request.encode(to: encoder)
        case .embedding(let request): try request.encode(to: encoder)
        }
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        let kind = try object.enumValue(RequestKind.self, CodingKeys.kind)
        let (foreign, other): ([CodingKeys], RequestKind) = kind == .chat ? (Self.embeddingOnly, .embedding) : (Self.chatOnly, .chat)
        if let key = foreign.first(where: object.contains) {
            throw EventValidationError(
                .conflictingFields, at: object.path(key),
                "applies to \(other.rawValue) requests only, and this request's kind is \(kind.rawValue)"
            )
        }
        for key in kind == .chat ? [CodingKeys.messages, .maxTokens] : [.input] {
            try object.require(key, "when kind is \(kind.rawValue)")
        }
        switch kind {
        case .chat: self = .chat(try ChatRequest(reading: object))
        case .embedding: self = .embedding(try EmbeddingRequest(reading: object))
        }
    }
}
