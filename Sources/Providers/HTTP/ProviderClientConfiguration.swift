/// How a provider client talks over the shared `HTTPClient`: deadlines, retries and size caps.
///
/// Keys (all optional, defaults in parentheses):
/// - `requestTimeout` (60 s): deadline for the response head of control calls (create, retrieve,
///   list, cancel, upload). Bodies are bounded by the `HTTPClient`'s read timeout instead.
/// - `realtimeTimeout` (10 min): deadline for the head of a realtime generation, which only
///   arrives when the model is done.
/// - `retry` (``RetryPolicy/default``): retries of idempotent calls and realtime calls. Batch
///   creation is never retried here.
/// - `downloadRetry` (5 attempts): opens of a result download, counting restarts after a cut or a
///   stall; the budget starts over whenever a connection delivered lines.
/// - `maxResponseBytes` (64 MiB): cap on a collected (non-streamed) body.
/// - `maxResultLineBytes` (32 MiB): cap on one JSONL result line.
/// - `minimumUploadBytesPerSecond` (1 MB/s): an upload's deadline is `requestTimeout` plus its
///   size at this rate, since the deadline covers sending the whole body.
/// - `limits`: batch limits overriding the provider's documented ones (tests, smaller tiers).
package struct ProviderClientConfiguration: Sendable {
    /// Head deadline of control calls.
    package var requestTimeout: Duration
    /// Head deadline of realtime generations.
    package var realtimeTimeout: Duration
    /// Retries of idempotent and realtime calls.
    package var retry: RetryPolicy
    /// Opens of a result download.
    package var downloadRetry: RetryPolicy
    /// Cap on a collected body.
    package var maxResponseBytes: Int
    /// Cap on one result line.
    package var maxResultLineBytes: Int
    /// Slowest upload rate tolerated before the deadline.
    package var minimumUploadBytesPerSecond: Int
    /// Limits overriding the documented ones.
    package var limits: BatchLimits?

    /// A configuration; every key has a default (see the type's table).
    package init(
        requestTimeout: Duration = .seconds(60),
        realtimeTimeout: Duration = .seconds(600),
        retry: RetryPolicy = .default,
        downloadRetry: RetryPolicy = RetryPolicy(maxAttempts: 5),
        maxResponseBytes: Int = 64 << 20,
        maxResultLineBytes: Int = 32 << 20,
        minimumUploadBytesPerSecond: Int = 1_000_000,
        limits: BatchLimits? = nil
    ) {
        self.requestTimeout = requestTimeout
        self.realtimeTimeout = realtimeTimeout
        self.retry = retry
        self.downloadRetry = downloadRetry
        self.maxResponseBytes = maxResponseBytes
        self.maxResultLineBytes = maxResultLineBytes
        self.minimumUploadBytesPerSecond = minimumUploadBytesPerSecond
        self.limits = limits
    }

    /// The head deadline of a call that sends `bytes` of body.
    package func uploadTimeout(bytes: Int) -> Duration {
        self.requestTimeout + .seconds(Double(bytes) / Double(max(1, self.minimumUploadBytesPerSecond)))
    }
}
