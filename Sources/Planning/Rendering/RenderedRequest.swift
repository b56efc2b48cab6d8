package import Foundation
package import Providers

/// A validated request event turned into what will be sent, with what the accumulator needs.
package struct RenderedRequest: Sendable, Hashable {
    /// The canonical request, with its stable custom id.
    package var request: LLMRequest
    package var bucket: BucketKey
    /// A rough count (about four characters a token) until the planner's calibrated estimator runs.
    package var estimatedInputTokens: Int
    /// The request as the journal keeps it, encoded once here: its
    /// ``RequestFingerprint/canonicalEncoding(of:)`` (no custom id: it is derived from the
    /// journaled tenant and id when the request is read back).
    package var encoded: Data

    /// The request's encoded size with its custom id, what provider byte limits are checked
    /// against; a few bytes over, so that it stays above the plain `JSONEncoder` form (which also
    /// escapes slashes) for the usual request.
    package var byteSize: Int { encoded.count + #","custom_id":""#.utf8.count + request.customID.utf8.count }

    /// The request's ``RequestFingerprint``, from the bytes already encoded.
    package var fingerprint: String { RequestFingerprint.key(ofCanonical: encoded, provider: provider) }

    package var provider: Provider { bucket.provider }
}
