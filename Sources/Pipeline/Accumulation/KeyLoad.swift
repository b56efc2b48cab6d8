import Foundation

/// The requests one planned OpenAI batch sends per `prompt_cache_key`: while it runs, and for the
/// provider's one-minute routing window after, that traffic counts against those keys.
struct KeyLoad: Sendable {
    var provider: String
    var model: String
    var requests: [String: Int]
}
