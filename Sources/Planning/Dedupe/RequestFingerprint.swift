import Crypto
import Foundation
package import Providers

/// What makes two requests the same request (issue: "same model, rendered prompt and parameters"),
/// so one answer serves both: the provider and everything the provider sees, minus what only
/// steers its cache (`cache_control` marks, `prompt_cache_key` and retention, `cachedContent`) and
/// the custom id. The pipeline's dedupe and the minimum of DESIGN §2 both count by it.
package enum RequestFingerprint {
    /// A hex SHA-256 key; the same for the same request on every instance and after a restart.
    package static func key(of request: LLMRequest, provider: Provider) -> String {
        var normalized = request.withoutCacheMarks
        normalized.customID = ""
        normalized.promptCacheKey = nil
        normalized.promptCacheRetention = nil
        normalized.cachedContent = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var hasher = SHA256()
        hasher.update(data: Data("\(provider.rawValue)\n".utf8))
        // Encoding a plain value type of strings and numbers cannot fail; the fallback keeps the
        // key well defined (and unique to this request) if it ever did.
        hasher.update(data: (try? encoder.encode(normalized)) ?? Data(request.customID.utf8))
        return Hex.string(hasher.finalize())
    }
}
