/// The batch-capable LLM providers Sluice sends work to.
///
/// Raw values are the stable spelling used in events, the price book and the ledger.
package enum Provider: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case anthropic
    case openai
    case gemini

    package var description: String { self.rawValue }
}
