import Foundation
import Synchronization

/// Anthropic's prompt cache (providers.md §1.5): entries exist only at breakpoints whose prefix
/// reaches the model's minimum, a read walks back at most 20 blocks from each breakpoint, a hit
/// refreshes the entry's TTL, and an entry written by a request becomes readable only once that
/// request's response has begun (its time to first token), so concurrent cold requests all miss.
final class AnthropicPromptCache: Sendable {
    struct Entry: Sendable {
        var availableAt: Date
        var expiresAt: Date
        var ttl: Double
    }

    /// What one request read and wrote.
    struct Outcome: Sendable, Equatable {
        /// Tokens read from the cache.
        var readTokens: Int
        /// Tokens written with a 5-minute TTL.
        var write5mTokens: Int
        /// Tokens written with a 1-hour TTL.
        var write1hTokens: Int
        /// Tokens neither read nor written (after the last breakpoint, or below the minimum).
        var inputTokens: Int
        /// Emulated seconds from request start to first token.
        var firstTokenDelay: Double
    }

    static let lookback = 20
    private let entries = Mutex<[UInt64: Entry]>([:])

    init() {}

    /// Reads and writes the cache for a request starting at `start`.
    /// - Parameter firstTokenDelay: emulated seconds to first token given the tokens the model must
    ///   process (everything not read from the cache).
    func process(
        _ prompt: AnthropicPrompt,
        at start: Date,
        firstTokenDelay: (Int) -> Double
    ) -> Outcome {
        let minimum = prompt.model.minCacheableTokens ?? 1024
        let blocks = prompt.blocks
        var cumulative: [Int] = []
        cumulative.reserveCapacity(blocks.count)
        var running = 0
        for block in blocks {
            running += block.tokens
            cumulative.append(running)
        }
        let total = prompt.totalTokens
        let breakpoints = blocks.indices.filter { blocks[$0].breakpointTTL != nil }

        return entries.withLock { entries in
            // Read: the longest readable entry within the lookback window of any breakpoint.
            var readIndex = -1
            for breakpoint in breakpoints.reversed() {
                var index = breakpoint
                while index >= 0, index > breakpoint - Self.lookback, index > readIndex {
                    if let entry = entries[blocks[index].prefixHash], entry.availableAt <= start,
                        entry.expiresAt > start
                    {
                        readIndex = index
                        break
                    }
                    index -= 1
                }
            }
            if readIndex >= 0, var entry = entries[blocks[readIndex].prefixHash] {
                entry.expiresAt = max(entry.expiresAt, start.addingTimeInterval(entry.ttl))
                entries[blocks[readIndex].prefixHash] = entry
            }
            let readTokens = readIndex >= 0 ? cumulative[readIndex] : 0

            // Write: every later breakpoint whose prefix reaches the minimum.
            var written: [(index: Int, ttl: Double)] = []
            for breakpoint in breakpoints where breakpoint > readIndex && cumulative[breakpoint] >= minimum {
                written.append((breakpoint, blocks[breakpoint].breakpointTTL ?? 300))
            }
            var write5m = 0
            var write1h = 0
            var previous = readTokens
            for (index, ttl) in written {
                let segment = cumulative[index] - previous
                if ttl >= 3600 { write1h += segment } else { write5m += segment }
                previous = cumulative[index]
            }
            let input = total - readTokens - write5m - write1h
            let delay = firstTokenDelay(total - readTokens)
            let availableAt = start.addingTimeInterval(delay)
            for (index, ttl) in written {
                let key = blocks[index].prefixHash
                if var existing = entries[key], existing.expiresAt > start {
                    existing.availableAt = min(existing.availableAt, availableAt)
                    existing.expiresAt = max(existing.expiresAt, start.addingTimeInterval(ttl))
                    existing.ttl = max(existing.ttl, ttl)
                    entries[key] = existing
                } else {
                    entries[key] = Entry(availableAt: availableAt, expiresAt: start.addingTimeInterval(ttl), ttl: ttl)
                }
            }
            return Outcome(
                readTokens: readTokens, write5mTokens: write5m, write1hTokens: write1h, inputTokens: input,
                firstTokenDelay: delay
            )
        }
    }

    /// Drops expired entries.
    func purge(now: Date) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.expiresAt > now }
        }
    }

    /// Number of live entries (for tests and diagnostics).
    func count(now: Date) -> Int {
        entries.withLock { entries in entries.values.filter { $0.expiresAt > now }.count }
    }
}
