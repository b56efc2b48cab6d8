import Foundation
import Providers

extension BatchPlanner {
    /// The requests of one cached prefix, as OpenAI's routing sees them: one `prompt_cache_key`
    /// family, in send order.
    struct RouteGroup {
        /// The prefix's hash: its first key.
        var key: String
        /// Input indices, in send order.
        var members: [Int]
        /// The prefix's node: its size, TTL, warmth and whether a cold one warrants a primer.
        var node: ChosenNode
    }

    /// How an OpenAI plan spreads its cached prefixes over `prompt_cache_key`s.
    struct OpenAIRouting {
        /// The key each request goes out with, by input index.
        var keys: [Int: String] = [:]
        /// One input per cold key of a prefix that warrants priming: its first request.
        var primers: [Int] = []
        /// One entry per key: a primer that warms it makes it count warm by its own name, since
        /// OpenAI caches per machine and the key routes.
        var breakpoints: [PlannedBreakpoint] = []
    }

    /// The `index`th key of a prefix whose first key is `key`.
    static func routeKey(_ key: String, _ index: Int) -> String {
        index == 0 ? key : "\(key)~\(index)"
    }

    /// Spreads each prefix's requests over as many keys as the provider's routing wants, where
    /// that costs less than the overflow it avoids.
    ///
    /// OpenAI routes by the prefix and `prompt_cache_key` and asks to keep traffic per key to
    /// about 15 requests a minute; above that, requests overflow to machines that have not cached
    /// the prefix (providers.md §2.5). A batch may run a whole fan-out within a minute, so a key
    /// carries at most ``PlannerSettings/openAIRequestsPerKey`` requests here, its primer
    /// included, less what batches still running send on it (``PrefixWarmth/keyLoad``). Warm
    /// keys with room come first; each further key costs one primer (an uncached prefix), and is
    /// opened only while that costs less than the misses of the overflow it avoids,
    /// ``PlannerSettings/openAIOverflowMisses`` per overflowing key.
    ///
    /// - Parameters:
    ///   - only: when set, primers come only from the group with this key (the shared part is
    ///     cold: one group primes it first, the others wait for the next round).
    ///   - primes: whether the plan may prime at all.
    func openAIRouting(
        _ groups: [RouteGroup], only: String?, primes: Bool, isWarm: (String) -> Bool, load: (String) -> Int
    ) -> OpenAIRouting {
        var routing = OpenAIRouting()
        for group in groups where !group.members.isEmpty {
            let primable = primes && (group.node.warm || group.node.primer)
            let keys = openAIKeys(
                requests: group.members.count, key: group.key, warm: group.node.warm, primable: primable, isWarm: isWarm, load: load)
            var members = group.members[...]
            for assigned in keys {
                let chunk = members.prefix(assigned.count)
                members = members.dropFirst(assigned.count)
                let key = Self.routeKey(group.key, assigned.index)
                for index in chunk { routing.keys[index] = key }
                if assigned.cold, primable, only == nil || only == group.key, let first = chunk.first {
                    routing.primers.append(first)
                }
                routing.breakpoints.append(
                    PlannedBreakpoint(hash: key, estimatedTokens: group.node.tokens, ttl: group.node.ttl, requestCount: chunk.count))
            }
        }
        return routing
    }

    /// The keys (by index, ``routeKey(_:_:)``) that carry `requests` requests of the prefix
    /// keyed `key`, how many each, and whether each is cold (its first request primes it).
    func openAIKeys(
        requests: Int, key: String, warm: Bool, primable: Bool, isWarm: (String) -> Bool, load: (String) -> Int
    ) -> [(index: Int, count: Int, cold: Bool)] {
        let perKey = max(settings.openAIRequestsPerKey, 2)
        let misses = settings.openAIOverflowMisses
        // Warm keys in order, with the room running batches leave them (a warm key's primer may
        // have run within the minute, hence one less).
        var usable: [(index: Int, room: Int)] = []
        var next = 0
        if warm {
            while next < requests + 64, isWarm(Self.routeKey(key, next)) {
                let room = perKey - 1 - load(Self.routeKey(key, next))
                if room > 0 { usable.append((next, room)) }
                next += 1
            }
        }
        /// `count` unused keys past the warm ones, each to be primed.
        func fresh(_ count: Int) -> [Int] {
            var result: [Int] = []
            var index = next
            while result.count < count {
                if load(Self.routeKey(key, index)) == 0 { result.append(index) }
                index += 1
            }
            return result
        }
        /// `total` requests spread evenly over `indices`, in order.
        func spread(_ total: Int, over indices: [Int], cold: Bool) -> [(index: Int, count: Int, cold: Bool)] {
            guard !indices.isEmpty else { return [] }
            let base = total / indices.count
            let extra = total % indices.count
            return indices.enumerated().compactMap { offset, index in
                let count = base + (offset < extra ? 1 : 0)
                return count > 0 ? (index, count, cold) : nil
            }
        }

        let room = usable.reduce(0) { $0 + $1.room }
        if requests <= room {
            var left = requests
            var result: [(index: Int, count: Int, cold: Bool)] = []
            for key in usable where left > 0 {
                let count = min(key.room, left)
                result.append((key.index, count, false))
                left -= count
            }
            return result
        }
        guard primable else {
            // No primer may go out: overflow the warm keys there are, or send on the first key.
            return usable.isEmpty ? [(0, requests, !warm)] : spread(requests, over: usable.map(\.index), cold: false)
        }
        if usable.isEmpty {
            // A cold start (or every warm key busy): one key holds its primer and the rest.
            let needed = (requests + perKey - 1) / perKey
            let overflow = Double(max(requests - perKey, 0))
            let count = Double(needed - 1) < min(misses, overflow) ? needed : 1
            return spread(requests, over: fresh(count), cold: true)
        }
        let remainder = requests - room
        let opened = (remainder + perKey - 1) / perKey
        guard Double(opened) < min(misses, Double(remainder)) else {
            return spread(requests, over: usable.map(\.index), cold: false)
        }
        return usable.map { ($0.index, $0.room, false) } + spread(remainder, over: fresh(opened), cold: true)
    }
}
