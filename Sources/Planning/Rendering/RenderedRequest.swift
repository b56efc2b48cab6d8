package import Foundation
package import Providers

/// A validated request event turned into what will be sent, with what the accumulator needs.
package struct RenderedRequest: Sendable, Hashable {
    /// The canonical request, with its stable custom id.
    package var request: LLMRequest
    package var bucket: BucketKey
    /// A rough count (about four characters a token) until the planner's calibrated estimator runs.
    package var estimatedInputTokens: Int
    /// The canonical request as the journal keeps it, encoded once here.
    package var encoded: Data

    /// The canonical request's encoded size, what provider byte limits are checked against.
    package var byteSize: Int { encoded.count }

    package var provider: Provider { bucket.provider }
}
