/// How long generated outputs are.
package enum OutputLength: String, Sendable, Codable {
    /// A deterministic length between 20 and 320 tokens per request, capped by `max_tokens`
    /// (stop reason `end_turn`/`stop`, or `max_tokens`/`length` when capped).
    case natural
    /// Always exactly `max_tokens` (stop reason `max_tokens`/`length`): for producing very large
    /// result files quickly.
    case maxTokens = "max_tokens"
}
