import Synchronization

/// Decides, deterministically from the seed, which requests and batch items fail and how.
final class FaultInjector: Sendable {
    /// What happens to one batch item.
    enum ItemFate: Sendable, Equatable {
        case normal, errored, expired
    }

    /// How one download is served.
    struct DownloadPlan: Sendable {
        /// Throttle, in bytes per real second.
        var bytesPerSecond: Double?
        /// Stop after this many bytes and drop the connection.
        var cutoffAfterBytes: Int?
    }

    private struct State {
        var faults: EmulatorFaults
        var random: SeededRandom
    }

    private let seed: UInt64
    private let state: Mutex<State>

    init(seed: UInt64, faults: EmulatorFaults) {
        self.seed = seed
        self.state = Mutex(State(faults: faults, random: SeededRandom(seed: StableHash.of("http-faults", seed: seed))))
    }

    /// The faults in force.
    var faults: EmulatorFaults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    /// One draw per provider request: the failure to answer with, if any.
    func httpFault(path: String, provider: Provider) -> APIFailure? {
        let (faults, draw) = state.withLock { state in (state.faults, state.random.nextUnit()) }
        if let prefixes = faults.pathPrefixes, !prefixes.contains(where: { path.hasPrefix($0) }) { return nil }
        var threshold = faults.rateLimitRate
        if draw < threshold {
            let message =
                switch provider {
                case .anthropic: "Number of request tokens has exceeded your per-minute rate limit"
                case .openai: "Rate limit reached for requests. Please try again later."
                case .gemini: "Resource has been exhausted (e.g. check quota)."
                }
            return .rateLimited(message, retryAfter: faults.retryAfterSeconds)
        }
        threshold += faults.overloadedRate
        if draw < threshold {
            if provider == .anthropic { return .overloaded(retryAfter: faults.retryAfterSeconds) }
            return .unavailable(
                provider == .openai
                    ? "The server is overloaded or not ready yet." : "The model is overloaded. Please try again later."
            )
        }
        threshold += faults.serverErrorRate
        if draw < threshold {
            return .serverError(
                provider == .gemini
                    ? "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"
                    : provider == .openai
                        ? "The server had an error while processing your request. Sorry about that!"
                        : "Internal server error"
            )
        }
        threshold += faults.unavailableRate
        if draw < threshold {
            return .unavailable(
                provider == .gemini
                    ? "The service is currently unavailable." : "The server is overloaded or not ready yet."
            )
        }
        return nil
    }

    /// The fate of one batch item; independent of the order items run in.
    func itemFate(batchID: String, item: String) -> ItemFate {
        let faults = self.faults
        let draw = SeededRandom.unit(from: StableHash.of(["item", batchID, item], seed: seed))
        if draw < faults.itemErrorRate { return .errored }
        if draw < faults.itemErrorRate + faults.itemExpiryRate { return .expired }
        return .normal
    }

    /// Whether a new batch fails as a whole.
    func batchFails(batchID: String) -> Bool {
        let rate = faults.batchFailureRate
        guard rate > 0 else { return false }
        return SeededRandom.unit(from: StableHash.of(["batch", batchID], seed: seed)) < rate
    }

    /// How to serve one download of `size` bytes.
    func downloadPlan(size: Int) -> DownloadPlan {
        let (faults, draw) = state.withLock { state in (state.faults, state.random.nextUnit()) }
        var plan = DownloadPlan(bytesPerSecond: faults.downloadBytesPerSecond, cutoffAfterBytes: nil)
        if draw < faults.downloadCutoffRate {
            let fraction = min(max(faults.downloadCutoffFraction, 0), 0.999)
            plan.cutoffAfterBytes = Int(Double(size) * fraction)
        }
        return plan
    }
}
