/// A raw embedding request (`request` with `kind: embedding`).
package struct EmbeddingRequest: Sendable, Hashable {
    package var provider: ProviderName?
    package var model: String
    package var input: EmbeddingInput
    /// Requested vector size, for models that can shorten their output.
    package var dimensions: Int?

    package init(provider: ProviderName? = nil, model: String, input: EmbeddingInput, dimensions: Int? = nil) {
        self.provider = provider
        self.model = model
        self.input = input
        self.dimensions = dimensions
    }

    typealias CodingKeys = RawRequest.CodingKeys

    /// Reads the embedding fields of a raw request whose `kind` and field set were already checked.
    init(reading object: ContractObject) throws(EventValidationError) {
        provider = try object.optionalEnum(ProviderName.self, CodingKeys.provider)
        model = try object.string(CodingKeys.model, .model)
        input = try object.decode(EmbeddingInput.self, CodingKeys.input)
        dimensions = try object.optionalInteger(CodingKeys.dimensions, in: 1...65_536)
    }
}

extension EmbeddingRequest: Encodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(RequestKind.embedding, forKey: .kind)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(dimensions, forKey: .dimensions)
    }
}
