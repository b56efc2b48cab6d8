/// A provider as events name it (`provider` fields). The wire name only: the Providers module maps
/// it to its clients.
package enum ProviderName: String, Sendable, Hashable, Codable, CaseIterable {
    case anthropic
    case openai
    case gemini
}
