/// Faults the emulator injects, settable at start and at run time (`POST /_emulator/faults`).
///
/// Every rate is a probability in [0, 1]. HTTP faults are drawn per request from the seeded
/// generator in arrival order; batch-item faults are drawn from a hash of (seed, batch, item), so an
/// item's fate does not depend on which worker ran it first.
///
/// JSON keys (all optional, snake_case): `rate_limit_rate`, `overloaded_rate`, `server_error_rate`,
/// `unavailable_rate`, `retry_after_seconds`, `path_prefixes`, `item_error_rate`, `item_expiry_rate`,
/// `batch_failure_rate`, `download_bytes_per_second`, `download_cutoff_rate`, `download_cutoff_fraction`.
package struct EmulatorFaults: Sendable, Codable, Equatable {
    /// HTTP 429 with `retry-after` and `retry-after-ms`.
    package var rateLimitRate: Double = 0
    /// Anthropic 529 `overloaded_error` (OpenAI and Gemini answer 503, their overload status).
    package var overloadedRate: Double = 0
    /// HTTP 500.
    package var serverErrorRate: Double = 0
    /// HTTP 503.
    package var unavailableRate: Double = 0
    /// The `retry-after` the 429s and 529s carry, in real seconds.
    package var retryAfterSeconds: Double = 1
    /// Only requests whose path starts with one of these get HTTP faults; `nil` means every
    /// provider endpoint (never `/_emulator/`).
    package var pathPrefixes: [String]? = nil
    /// Batch items that end `errored` (Anthropic), in the error file (OpenAI), or with an error
    /// status (Gemini), not billed.
    package var itemErrorRate: Double = 0
    /// Batch items that end `expired` / `batch_expired`, not billed.
    package var itemExpiryRate: Double = 0
    /// Batches that fail: OpenAI `failed` with `token_limit_exceeded`, Gemini `BATCH_STATE_FAILED`,
    /// Anthropic create refused with 429 (its queue-full signal).
    package var batchFailureRate: Double = 0
    /// Throttles result downloads to this many bytes per real second; `nil` is full speed.
    package var downloadBytesPerSecond: Double? = nil
    /// Result downloads that stop part way and drop the connection.
    package var downloadCutoffRate: Double = 0
    /// Where a cut download stops, as a fraction of the body.
    package var downloadCutoffFraction: Double = 0.5

    /// No faults.
    package init() {}

    /// No faults.
    package static var none: EmulatorFaults { EmulatorFaults() }

    enum CodingKeys: String, CodingKey {
        case rateLimitRate = "rate_limit_rate"
        case overloadedRate = "overloaded_rate"
        case serverErrorRate = "server_error_rate"
        case unavailableRate = "unavailable_rate"
        case retryAfterSeconds = "retry_after_seconds"
        case pathPrefixes = "path_prefixes"
        case itemErrorRate = "item_error_rate"
        case itemExpiryRate = "item_expiry_rate"
        case batchFailureRate = "batch_failure_rate"
        case downloadBytesPerSecond = "download_bytes_per_second"
        case downloadCutoffRate = "download_cutoff_rate"
        case downloadCutoffFraction = "download_cutoff_fraction"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = EmulatorFaults()
        rateLimitRate = try container.decodeIfPresent(Double.self, forKey: .rateLimitRate) ?? defaults.rateLimitRate
        overloadedRate = try container.decodeIfPresent(Double.self, forKey: .overloadedRate) ?? defaults.overloadedRate
        serverErrorRate =
            try container.decodeIfPresent(Double.self, forKey: .serverErrorRate) ?? defaults.serverErrorRate
        unavailableRate =
            try container.decodeIfPresent(Double.self, forKey: .unavailableRate) ?? defaults.unavailableRate
        retryAfterSeconds =
            try container.decodeIfPresent(Double.self, forKey: .retryAfterSeconds) ?? defaults.retryAfterSeconds
        pathPrefixes = try container.decodeIfPresent([String].self, forKey: .pathPrefixes)
        itemErrorRate = try container.decodeIfPresent(Double.self, forKey: .itemErrorRate) ?? defaults.itemErrorRate
        itemExpiryRate = try container.decodeIfPresent(Double.self, forKey: .itemExpiryRate) ?? defaults.itemExpiryRate
        batchFailureRate =
            try container.decodeIfPresent(Double.self, forKey: .batchFailureRate) ?? defaults.batchFailureRate
        downloadBytesPerSecond = try container.decodeIfPresent(Double.self, forKey: .downloadBytesPerSecond)
        downloadCutoffRate =
            try container.decodeIfPresent(Double.self, forKey: .downloadCutoffRate) ?? defaults.downloadCutoffRate
        downloadCutoffFraction =
            try container.decodeIfPresent(Double.self, forKey: .downloadCutoffFraction)
            ?? defaults.downloadCutoffFraction
    }
}
