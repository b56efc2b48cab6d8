/// Sampling and length parameters shared by the three providers.
///
/// Only what all three understand lives here; a provider that lacks one (OpenAI has no `top_k`)
/// drops it when encoding.
package struct GenerationParameters: Hashable, Sendable, Codable {
    /// Upper bound on generated tokens. Batches require at least 1.
    package var maxTokens: Int
    package var temperature: Double?
    package var topP: Double?
    package var topK: Int?
    package var stopSequences: [String]

    package init(
        maxTokens: Int,
        temperature: Double? = nil,
        topP: Double? = nil,
        topK: Int? = nil,
        stopSequences: [String] = []
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.stopSequences = stopSequences
    }

    private enum CodingKeys: String, CodingKey {
        case maxTokens = "max_tokens"
        case temperature
        case topP = "top_p"
        case topK = "top_k"
        case stopSequences = "stop"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.maxTokens = try container.decode(Int.self, forKey: .maxTokens)
        self.temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        self.topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        self.topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        self.stopSequences = try container.decodeIfPresent([String].self, forKey: .stopSequences) ?? []
    }
}
