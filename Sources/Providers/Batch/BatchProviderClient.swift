/// What the pipeline needs from any provider: prepare, create, poll, list, find, cancel, stream
/// results, and realtime calls. Implemented by ``AnthropicClient``, ``OpenAIClient`` and
/// ``GeminiClient``.
///
/// - Important: ``createBatch(_:marker:)`` makes exactly one attempt, because no provider makes
///   creation idempotent. On any error the submitter must call ``findBatches(marker:)`` before
///   deciding to submit again.
package protocol BatchProviderClient: Sendable {
    var provider: Provider { get }
    /// The limits ``prepareBatches(_:)`` enforces.
    var limits: BatchLimits { get }

    /// Validates, encodes and splits requests into batches that fit the provider's limits.
    /// Never throws: requests that cannot be sent come back in ``BatchPreparation/rejected``.
    func prepareBatches(_ requests: [LLMRequest]) -> BatchPreparation

    /// Creates one batch (uploading its input file first where the provider needs one), in a
    /// single attempt, tagged with `marker`.
    func createBatch(_ batch: PreparedBatch, marker: BatchMarker) async throws -> BatchSnapshot

    /// The batch's current state (retried on transient errors).
    func retrieveBatch(id: String) async throws -> BatchSnapshot

    /// One page of batches, newest first.
    func listBatches(limit: Int, after cursor: String?) async throws -> BatchPage

    /// Batches that carry `marker` (see ``BatchMarker`` for how exact each provider can be).
    func findBatches(marker: BatchMarker) async throws -> [BatchSnapshot]

    /// Asks the provider to cancel; returns the batch as it stands (usually `canceling`).
    func cancelBatch(id: String) async throws -> BatchSnapshot

    /// The per-request results of an ended batch, streamed.
    ///
    /// - Throws: ``ProviderError`` (no results) when the snapshot has none to read.
    func results(of batch: BatchSnapshot) throws -> BatchResultStream

    /// One realtime call.
    func send(_ request: LLMRequest, options: RealtimeOptions) async throws -> LLMResponse

    /// The tokens the provider bills for embedding each of `inputs` with `model`, summed, where
    /// its embedding results report no usage; `nil` where they do (their usage is the bill).
    func billedEmbeddingTokens(model: String, inputs: [String]) async throws -> Int?

    /// The provider's own count of `request`'s prompt tokens, from its free counting endpoint;
    /// `nil` where it has none.
    func countPromptTokens(_ request: LLMRequest) async throws -> Int?
}

extension BatchProviderClient {
    /// Results carry their usage: nothing to count.
    package func billedEmbeddingTokens(model: String, inputs: [String]) async throws -> Int? { nil }

    /// No counting endpoint (OpenAI publishes its tokenizer, not an endpoint).
    package func countPromptTokens(_ request: LLMRequest) async throws -> Int? { nil }
}
