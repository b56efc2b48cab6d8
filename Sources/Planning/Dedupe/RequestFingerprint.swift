import Crypto
package import Foundation
package import Providers

/// What makes two requests the same request (issue: "same model, rendered prompt and parameters"),
/// so one answer serves both: the provider and everything the provider sees, minus what only
/// steers its cache (`cache_control` marks, `prompt_cache_key` and retention, `cachedContent`) and
/// the custom id. The pipeline's dedupe and the minimum of DESIGN §2 both count by it.
package enum RequestFingerprint {
    /// A hex SHA-256 key; the same for the same request on every instance and after a restart.
    package static func key(of request: LLMRequest, provider: Provider) -> String {
        // Encoding a plain value type of strings and numbers cannot fail; the fallback keeps the
        // key well defined (and unique to this request) if it ever did.
        key(ofCanonical: (try? canonicalEncoding(of: request)) ?? Data(request.customID.utf8), provider: provider)
    }

    /// The key of a request from its ``canonicalEncoding(of:)``, for a caller that has it already
    /// (the intake journals those very bytes).
    package static func key(ofCanonical encoding: Data, provider: Provider) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(provider.rawValue)\n".utf8))
        hasher.update(data: encoding)
        return Hex.string(hasher.finalize())
    }

    /// The request as JSON with sorted keys, without its custom id and cache steering: equal
    /// bytes for equal requests. The custom id is derived from (tenant, id) wherever it is needed
    /// (``RequestRenderer/customID(tenant:id:)``), so this encoding loses nothing of a request
    /// the renderer made.
    /// - Throws: `EncodingError` only for a non-finite number.
    package static func canonicalEncoding(of request: LLMRequest) throws -> Data {
        var normalized = request.withoutCacheMarks
        normalized.customID = ""
        normalized.promptCacheKey = nil
        normalized.promptCacheRetention = nil
        normalized.cachedContent = nil
        if let written = CanonicalRequestWriter.encode(normalized) { return written }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(normalized)
    }
}
