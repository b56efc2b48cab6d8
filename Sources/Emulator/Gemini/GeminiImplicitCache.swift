import Foundation
import Synchronization

/// Gemini's implicit caching (providers.md §3.5): on by default, prefix-based, reported in
/// `cachedContentTokenCount`, only for prompts past the model's minimum. The emulator writes every
/// part boundary past the minimum, readable once the writer's first token is out, for 5 minutes
/// refreshed on hits (the docs give no TTL; "no cost saving guarantee").
final class GeminiImplicitCache: Sendable {
    struct Entry: Sendable {
        var availableAt: Date
        var expiresAt: Date
    }

    static let ttl: Double = 300
    private let entries = Mutex<[UInt64: Entry]>([:])

    init() {}

    /// Returns the implicitly cached prefix tokens and the first-token delay.
    func process(_ prompt: GeminiPrompt, at start: Date, firstTokenDelay: (Int) -> Double) -> (cached: Int, delay: Double) {
        guard prompt.cachedContent == nil else {
            return (0, firstTokenDelay(prompt.ownTokens))
        }
        let minimum = prompt.model.minCacheableTokens ?? 1024
        var cumulative: [Int] = []
        var running = 0
        for block in prompt.blocks {
            running += block.tokens
            cumulative.append(running)
        }
        let eligible = prompt.blocks.indices.filter { cumulative[$0] >= minimum }
        return entries.withLock { entries in
            var cached = 0
            for index in eligible.reversed() {
                let hash = prompt.blocks[index].prefixHash
                if let entry = entries[hash], entry.availableAt <= start, entry.expiresAt > start {
                    cached = cumulative[index]
                    entries[hash]?.expiresAt = max(entry.expiresAt, start.addingTimeInterval(Self.ttl))
                    break
                }
            }
            let delay = firstTokenDelay(prompt.ownTokens - cached)
            let availableAt = start.addingTimeInterval(delay)
            for index in eligible.suffix(64) where cumulative[index] > cached {
                let hash = prompt.blocks[index].prefixHash
                if var existing = entries[hash], existing.expiresAt > start {
                    existing.availableAt = min(existing.availableAt, availableAt)
                    existing.expiresAt = max(existing.expiresAt, start.addingTimeInterval(Self.ttl))
                    entries[hash] = existing
                } else {
                    entries[hash] = Entry(availableAt: availableAt, expiresAt: start.addingTimeInterval(Self.ttl))
                }
            }
            return (cached, delay)
        }
    }

    /// Drops expired entries.
    func purge(now: Date) {
        entries.withLock { $0 = $0.filter { $0.value.expiresAt > now } }
    }
}
