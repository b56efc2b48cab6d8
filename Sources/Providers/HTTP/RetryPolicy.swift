/// Bounded retries with exponential backoff and full jitter, honouring the provider's hints.
///
/// Defaults follow the official SDKs (2 retries, backoff from 0.5 s up to 8 s), with a total time
/// budget on top so a caller never waits unboundedly. A server hint (`retry-after-ms`,
/// `retry-after`) is used as given when it fits the budget; a longer one ends the retries and is
/// handed to the caller in ``ProviderError/retryAfter``.
package struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 = no retries).
    package var maxAttempts: Int
    package var initialBackoff: Duration
    package var maxBackoff: Duration
    /// Longest server-requested wait that is honoured inline.
    package var maxRetryAfter: Duration
    /// Budget for all attempts and waits together.
    package var maxTotalDuration: Duration

    package init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(60),
        maxTotalDuration: Duration = .seconds(120)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.maxTotalDuration = maxTotalDuration
    }

    package static let `default` = RetryPolicy()
    /// One attempt only.
    package static let none = RetryPolicy(maxAttempts: 1)

    /// The capped exponential ceiling before the attempt after `attempt` (1-based).
    package func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(0, attempt - 1), 30)
        let raw = self.initialBackoff * (1 << exponent)
        return min(raw, self.maxBackoff)
    }

    /// How long to wait after failed attempt `attempt`: the server's hint when given, otherwise a
    /// uniformly random share of the ceiling ("full jitter"). `unit` is a random number in [0, 1).
    package func delay(afterAttempt attempt: Int, retryAfter: Duration?, unit: Double) -> Duration {
        if let hint = retryAfter, hint >= .zero {
            return hint
        }
        return self.backoffCeiling(afterAttempt: attempt) * min(max(unit, 0), 1)
    }

    /// Whether another attempt fits: attempts left, the hint within bounds, the budget not spent.
    package func allowsRetry(afterAttempt attempt: Int, delay: Duration, retryAfter: Duration?, elapsed: Duration) -> Bool {
        guard attempt < self.maxAttempts else { return false }
        if let hint = retryAfter, hint > self.maxRetryAfter { return false }
        return elapsed + delay <= self.maxTotalDuration
    }
}
