import Foundation
import Providers

/// Names a request by what it asks, not by who asked: two requests with the same key would get
/// the same answer, so the theoretical minimum (DESIGN §2, "identical requests answered once")
/// counts them once.
enum RequestDedupeKey {
    /// The request's content (model, prompt, parameters) without its custom id and cache routing,
    /// hashed. Stable within one process only (`Hasher` is seeded per process), which is all a
    /// report built in one process needs; 64 bits keep collisions out of reach for any workload.
    static func of(_ request: LLMRequest) -> String {
        var neutral = request
        neutral.customID = ""
        neutral.promptCacheKey = nil
        neutral.cachedContent = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(neutral) else { return request.customID }
        var hasher = Hasher()
        // Every byte: `Data`'s own hash looks at a short prefix only, and requests share long ones.
        data.withUnsafeBytes { hasher.combine(bytes: $0) }
        return String(UInt64(bitPattern: Int64(hasher.finalize())), radix: 16)
    }
}
