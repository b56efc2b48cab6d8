/// A raw chat request (`request` with `kind: chat`).
package struct ChatRequest: Sendable, Hashable {
    package var provider: ProviderName?
    package var model: String
    /// System instructions; a string and a single text block are the same value.
    package var system: MessageContent?
    /// The conversation, at least one message.
    package var messages: [Message]
    /// The most tokens to generate.
    package var maxTokens: Int
    /// Sampling temperature, 0 to 2 (providers may allow less).
    package var temperature: Double?
    /// Nucleus sampling mass, 0 to 1.
    package var topP: Double?
    /// Up to 4 stop sequences.
    package var stop: [String]?

    package init(
        provider: ProviderName? = nil, model: String, system: MessageContent? = nil, messages: [Message],
        maxTokens: Int, temperature: Double? = nil, topP: Double? = nil, stop: [String]? = nil
    ) {
        self.provider = provider
        self.model = model
        self.system = system
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
    }

    typealias CodingKeys = RawRequest.CodingKeys

    /// Reads the chat fields of a raw request whose `kind` and field set were already checked.
    init(reading object: ContractObject) throws(EventValidationError) {
        provider = try object.optionalEnum(ProviderName.self, CodingKeys.provider)
        model = try object.string(CodingKeys.model, .model)
        system = try object.optionalDecode(MessageContent.self, CodingKeys.system)
        let items = try object.value(CodingKeys.messages).array(at: object.path(CodingKeys.messages), count: 1...Int.max)
        var messages: [Message] = []
        messages.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            messages.append(try Message(contract: item, at: object.path(CodingKeys.messages).appending(index: index)))
        }
        self.messages = messages
        maxTokens = try object.integer(CodingKeys.maxTokens, in: 1...1_048_576)
        temperature = try object.optionalDouble(CodingKeys.temperature, in: 0...2)
        topP = try object.optionalDouble(CodingKeys.topP, in: 0...1)
        if let value = try object.optionalValue(CodingKeys.stop) {
            let path = object.path(CodingKeys.stop)
            var stop: [String] = []
            for (index, item) in try value.array(at: path, count: 1...4).enumerated() {
                stop.append(try item.string(at: path.appending(index: index), .nonEmpty))
            }
            self.stop = stop
        } else {
            stop = nil
        }
    }
}

extension ChatRequest: Encodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(RequestKind.chat, forKey: .kind)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encodeIfPresent(system, forKey: .system)
        try container.encode(messages, forKey: .messages)
        try container.encode(maxTokens, forKey: .maxTokens)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(stop, forKey: .stop)
    }
}
