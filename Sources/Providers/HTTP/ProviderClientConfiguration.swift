/// How a provider client talks over the shared `HTTPClient`: deadlines, retries and size caps.
///
/// Keys (all optional, defaults in parentheses):
/// - `requestTimeout` (60 s): deadline for the response head of control calls (create, retrieve,
///   list, cancel, upload). Bodies are bounded by the `HTTPClient`'s read timeout instead.
/// - `realtimeTimeout` (10 min): deadline for the head of a realtime generation, which only
///   arrives when the model is done.
/// - `retry` (``RetryPolicy/default``): retries of idempotent calls and realtime calls. Batch
///   creation is never retried here.
/// - `downloadRetry` (5 attempts): restarts of a result download cut mid-body.
/// - `maxResponseBytes` (64 MiB): cap on a collected (non-streamed) body.
/// - `maxResultLineBytes` (32 MiB): cap on one JSONL result line.
/// - `limits`: batch limits overriding the provider's documented ones (tests, smaller tiers).
package struct ProviderClientConfiguration: Sendable {
    package var requestTimeout: Duration
    package var realtimeTimeout: Duration
    package var retry: RetryPolicy
    package var downloadRetry: RetryPolicy
    package var maxResponseBytes: Int
    package var maxResultLineBytes: Int
    package var limits: BatchLimits?

    package init(
        requestTimeout: Duration = .seconds(60),
        realtimeTimeout: Duration = .seconds(600),
        retry: RetryPolicy = .default,
        downloadRetry: RetryPolicy = RetryPolicy(maxAttempts: 5),
        maxResponseBytes: Int = 64 << 20,
        maxResultLineBytes: Int = 32 << 20,
        limits: BatchLimits? = nil
    ) {
        self.requestTimeout = requestTimeout
        self.realtimeTimeout = realtimeTimeout
        self.retry = retry
        self.downloadRetry = downloadRetry
        self.maxResponseBytes = maxResponseBytes
        self.maxResultLineBytes = maxResultLineBytes
        self.limits = limits
    }
}
