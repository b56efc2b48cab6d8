/// What one provider batch may hold, enforced before anything is sent (providers.md §1.3, §2.3,
/// §3.3, §6). Sizes are decimal megabytes, the conservative reading of "256 MB".
package struct BatchLimits: Sendable, Hashable {
    /// Requests per batch.
    package var maxRequests: Int
    /// Bytes per submission: the create body (Anthropic) or the input file (OpenAI, Gemini file mode).
    package var maxBytes: Int
    /// Bytes of one encoded request; a larger one is rejected, never split.
    package var maxRequestBytes: Int
    /// Embedding inputs per batch (OpenAI: 50,000), counted across requests.
    package var maxEmbeddingInputs: Int?
    /// Gemini: the largest inline create body; bigger submissions go through a file.
    package var maxInlineBytes: Int?
    /// Longest custom id (Anthropic: 64).
    package var customIDMaxLength: Int?
    /// Whether custom ids are restricted to `[A-Za-z0-9_-]` (Anthropic).
    package var customIDRestrictedCharacters: Bool

    package init(
        maxRequests: Int,
        maxBytes: Int,
        maxRequestBytes: Int,
        maxEmbeddingInputs: Int? = nil,
        maxInlineBytes: Int? = nil,
        customIDMaxLength: Int? = nil,
        customIDRestrictedCharacters: Bool = false
    ) {
        self.maxRequests = maxRequests
        self.maxBytes = maxBytes
        self.maxRequestBytes = maxRequestBytes
        self.maxEmbeddingInputs = maxEmbeddingInputs
        self.maxInlineBytes = maxInlineBytes
        self.customIDMaxLength = customIDMaxLength
        self.customIDRestrictedCharacters = customIDRestrictedCharacters
    }

    /// 100,000 requests, 256 MB per batch (413 above), `^[a-zA-Z0-9_-]{1,64}$` ids; one request
    /// is held to the 32 MB Messages cap.
    package static let anthropic = BatchLimits(
        maxRequests: 100_000,
        maxBytes: 256_000_000,
        maxRequestBytes: 32_000_000,
        customIDMaxLength: 64,
        customIDRestrictedCharacters: true
    )

    /// 50,000 requests (and 50,000 embedding inputs) per batch, a 200 MB input file. Custom id
    /// rules are undocumented (UNCONFIRMED); only non-empty and unique are enforced.
    package static let openAI = BatchLimits(
        maxRequests: 50_000,
        maxBytes: 200_000_000,
        maxRequestBytes: 200_000_000,
        maxEmbeddingInputs: 50_000
    )

    /// Inline bodies under 20 MB, input files up to 2 GB. No per-job request cap is documented;
    /// 200,000 (Vertex's) is used as a conservative bound.
    package static let gemini = BatchLimits(
        maxRequests: 200_000,
        maxBytes: 2_000_000_000,
        maxRequestBytes: 20_000_000,
        maxInlineBytes: 20_000_000
    )

    /// The documented limits of `provider`.
    package static func documented(for provider: Provider) -> BatchLimits {
        switch provider {
        case .anthropic: .anthropic
        case .openai: .openAI
        case .gemini: .gemini
        }
    }

    /// Why `customID` breaks the rules, or `nil` when it is fine.
    package func customIDProblem(_ customID: String) -> String? {
        if customID.isEmpty { return "custom_id is empty" }
        if let max = self.customIDMaxLength, customID.count > max {
            return "custom_id is \(customID.count) characters; at most \(max) allowed"
        }
        if self.customIDRestrictedCharacters
            && !customID.unicodeScalars.allSatisfy({ scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
                default: false
                }
            })
        {
            return "custom_id '\(customID)' has characters outside [A-Za-z0-9_-]"
        }
        return nil
    }
}
