import Foundation
import Synchronization

/// OpenAI's automatic prompt caching (providers.md §2.5), modelled as a few cache machines:
/// - a request is routed by a hash of its first 256 tokens combined with `prompt_cache_key`; when
///   one route gets more than 15 requests per minute the excess overflows to other machines,
///   whose caches are cold for that prefix;
/// - before GPT-5.6: prompts of 1024+ tokens hit in 128-token steps (1024, 1152, …) on the
///   longest cached prefix; every step of a processed prompt is written, free;
/// - GPT-5.6+ (`openai_breakpoints`): reads only at breakpoints (no fallback to shorter unmarked
///   prefixes), up to 4 writes per request billed as `cache_write_tokens`;
/// - an entry is readable once the writing request's first token is out, and lives for the
///   retention period, refreshed on each hit.
final class OpenAIPromptCache: Sendable {
    struct Entry: Sendable {
        var availableAt: Date
        var expiresAt: Date
        var ttl: Double
    }

    /// What one request read and wrote.
    struct Outcome: Sendable, Equatable {
        /// Tokens served from the cache (inside `prompt_tokens`).
        var cachedTokens: Int
        /// Tokens written (GPT-5.6+ only; earlier models write free and report 0).
        var cacheWriteTokens: Int
        /// Emulated seconds to first token.
        var firstTokenDelay: Double
        /// Which machine served it (diagnostics).
        var machine: Int
    }

    struct State: Sendable {
        var machines: [[UInt64: Entry]]
        var routes: [UInt64: [Date]] = [:]
        var overflow: [UInt64: Int] = [:]
    }

    static let minimum = 1024
    static let step = 128
    static let routingPrefix = 256
    static let routeRequestsPerMinute = 15
    static let machineCount = 4

    private let state = Mutex(State(machines: Array(repeating: [:], count: OpenAIPromptCache.machineCount)))

    init() {}

    /// Hashes of every prefix length the cache may key on, seeded by organisation and model.
    static func prefixHashes(_ prompt: OpenAIPrompt, workspace: String, at lengths: [Int]) -> [Int: UInt64] {
        var wanted = Set(lengths)
        var result: [Int: UInt64] = [:]
        var chain = StableHash(seed: StableHash.of([workspace, prompt.model.id]))
        for (offset, token) in prompt.tokenHashes.enumerated() {
            chain.combine(token)
            let length = offset + 1
            if wanted.remove(length) != nil { result[length] = chain.finalized }
            if wanted.isEmpty { break }
        }
        return result
    }

    /// Reads and writes for a request starting at `start`.
    func process(
        _ prompt: OpenAIPrompt,
        workspace: String,
        at start: Date,
        firstTokenDelay: (Int) -> Double
    ) -> Outcome {
        let total = prompt.promptTokens
        let breakpointMode = prompt.model.cacheMode == .openAIBreakpoints
        var steps: [Int] = []
        if total >= Self.minimum {
            if breakpointMode {
                steps = prompt.breakpoints.filter { $0 >= Self.minimum && $0 <= total }
            } else {
                steps = Array(stride(from: Self.minimum, through: total, by: Self.step))
            }
        }
        let routingLength = min(Self.routingPrefix, total)
        let hashes = Self.prefixHashes(prompt, workspace: workspace, at: steps + [routingLength])
        var route = StableHash(seed: hashes[routingLength] ?? 0)
        route.combine(prompt.cacheKey ?? "")
        let routeKey = route.finalized

        return state.withLock { state in
            // Route, overflowing past 15 requests per minute on one route.
            var recent = (state.routes[routeKey] ?? []).filter { start.timeIntervalSince($0) < 60 }
            var machine = Int(routeKey % UInt64(Self.machineCount))
            if recent.count >= Self.routeRequestsPerMinute {
                let spill = state.overflow[routeKey, default: 0]
                state.overflow[routeKey] = spill + 1
                machine = (machine + 1 + spill % (Self.machineCount - 1)) % Self.machineCount
            }
            recent.append(start)
            state.routes[routeKey] = recent

            // Read the longest available prefix (breakpoint mode: the latest 50 breakpoints).
            var cached = 0
            let candidates = breakpointMode ? Array(steps.suffix(50)) : steps
            for length in candidates.reversed() {
                guard let hash = hashes[length], let entry = state.machines[machine][hash],
                    entry.availableAt <= start, entry.expiresAt > start
                else { continue }
                cached = length
                break
            }
            if cached > 0, let hash = hashes[cached], var entry = state.machines[machine][hash] {
                entry.expiresAt = max(entry.expiresAt, start.addingTimeInterval(entry.ttl))
                state.machines[machine][hash] = entry
            }

            // Write.
            var writes = steps.filter { $0 > cached }
            var written = 0
            if breakpointMode {
                writes = Array(writes.suffix(4))
                written = (writes.last ?? cached) - cached
            }
            let delay = firstTokenDelay(total - cached)
            let availableAt = start.addingTimeInterval(delay)
            let expiresAt = start.addingTimeInterval(prompt.retention)
            for length in writes {
                guard let hash = hashes[length] else { continue }
                if var existing = state.machines[machine][hash], existing.expiresAt > start {
                    existing.availableAt = min(existing.availableAt, availableAt)
                    existing.expiresAt = max(existing.expiresAt, expiresAt)
                    state.machines[machine][hash] = existing
                } else {
                    state.machines[machine][hash] = Entry(
                        availableAt: availableAt, expiresAt: expiresAt, ttl: prompt.retention
                    )
                }
            }
            return Outcome(cachedTokens: cached, cacheWriteTokens: written, firstTokenDelay: delay, machine: machine)
        }
    }

    /// Drops expired entries and stale routing history.
    func purge(now: Date) {
        state.withLock { state in
            for index in state.machines.indices {
                state.machines[index] = state.machines[index].filter { $0.value.expiresAt > now }
            }
            state.routes = state.routes.filter { entry in entry.value.contains { now.timeIntervalSince($0) < 60 } }
        }
    }
}
