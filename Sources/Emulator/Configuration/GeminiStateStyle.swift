/// Which spelling of Gemini batch states the raw REST API reports (providers.md §0.5, §3.2: the
/// REST API reports `BATCH_STATE_*`, the official REST sample compares against `JOB_STATE_*`).
package enum GeminiStateStyle: String, Sendable, Codable {
    /// `BATCH_STATE_PENDING`, … (the documented REST values; default).
    case batchState = "batch"
    /// `JOB_STATE_PENDING`, … (the SDK's vocabulary).
    case jobState = "job"
}
