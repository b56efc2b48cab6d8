import Foundation
package import Providers

/// Estimates token counts before a provider has counted them.
///
/// Sluice has no provider tokenizer (Anthropic ships none offline), so v1 uses the rule of thumb
/// the renderer uses too: about four characters a token for English (providers.md §3.6). The ratio
/// is a stored value rather than a constant so that calibration against reported usage can adjust
/// it per model without touching the planner.
package struct TokenEstimator: Sendable, Hashable, Codable {
    /// Characters per token; 4 matches ``RequestRenderer``'s estimate.
    package var charactersPerToken: Double

    /// An estimator at `charactersPerToken` characters a token.
    /// - Parameter charactersPerToken: must be positive; anything else falls back to 4.
    package init(charactersPerToken: Double = 4) {
        self.charactersPerToken = charactersPerToken > 0 && charactersPerToken.isFinite ? charactersPerToken : 4
    }

    /// The renderer's rule: `ceil(characters / 4)`.
    package static let standard = TokenEstimator()

    /// Tokens for `characters` characters, rounded up (a partial token is still a token).
    package func tokens(characters: Int) -> Int {
        guard characters > 0 else { return 0 }
        return Int((Double(characters) / charactersPerToken).rounded(.up))
    }

    /// Estimated tokens of the part every request of a bucket shares: tools, system, and every
    /// block but the last of the last message (the renderer's prefix group).
    package func prefixTokens(of request: LLMRequest) -> Int {
        tokens(characters: Self.prefixCharacters(of: request))
    }

    /// Estimated tokens of the whole prompt (prefix, the final block, embedding inputs).
    package func promptTokens(of request: LLMRequest) -> Int {
        let last = request.messages.last?.content.last?.text?.count ?? 0
        let input = request.input.reduce(0) { $0 + $1.count }
        return tokens(characters: Self.prefixCharacters(of: request) + last + input)
    }

    /// Characters of the shared part. Tools count by name, description and schema JSON: they
    /// are billed as prompt tokens and sit first in every provider's cache order.
    static func prefixCharacters(of request: LLMRequest) -> Int {
        var characters = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for tool in request.tools {
            characters += tool.name.count + (tool.description?.count ?? 0)
            if let schema = try? encoder.encode(tool.inputSchema) { characters += schema.count }
        }
        characters += request.system.reduce(0) { $0 + ($1.text?.count ?? 0) }
        for (index, message) in request.messages.enumerated() {
            let blocks = index == request.messages.count - 1 ? message.content.dropLast() : message.content[...]
            characters += blocks.reduce(0) { $0 + ($1.text?.count ?? 0) }
        }
        return characters
    }
}
