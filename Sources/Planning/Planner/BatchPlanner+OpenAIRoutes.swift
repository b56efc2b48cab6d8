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
        /// One entry per extra key (beyond a prefix's first): a primer that warms it makes it
        /// count warm by its own name, since OpenAI caches per machine and the key routes.
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
    /// included. Each extra key costs one primer (an uncached prefix); staying on fewer keys
    /// costs the misses of their overflow, ``PlannerSettings/openAIOverflowMisses`` per key.
    ///
    /// - Parameters:
    ///   - only: when set, primers come only from the group with this key (the shared part is
    ///     cold: one group primes it first, the others wait for the next round).
    ///   - primes: whether the plan may prime at all.
    func openAIRouting(_ groups: [RouteGroup], only: String?, primes: Bool, isWarm: (String) -> Bool) -> OpenAIRouting {
        var routing = OpenAIRouting()
        for group in groups where !group.members.isEmpty {
            let primable = primes && (group.node.warm || group.node.primer)
            var warm = 0
            if group.node.warm {
                while warm < group.members.count && isWarm(Self.routeKey(group.key, warm)) { warm += 1 }
            }
            let count = openAIRouteCount(requests: group.members.count, warmKeys: warm, canPrime: primable)
            let chunk = (group.members.count + count - 1) / count
            for route in 0..<count {
                let start = route * chunk
                guard start < group.members.count else { break }
                let members = group.members[start..<min(start + chunk, group.members.count)]
                let key = Self.routeKey(group.key, route)
                for index in members { routing.keys[index] = key }
                let cold = route >= warm
                if cold, primable, only == nil || only == group.key, let first = members.first {
                    routing.primers.append(first)
                }
                if route > 0 {
                    routing.breakpoints.append(
                        PlannedBreakpoint(hash: key, estimatedTokens: group.node.tokens, ttl: group.node.ttl, requestCount: members.count))
                }
            }
        }
        return routing
    }

    /// How many keys carry `requests` requests of one prefix, `warmKeys` of which are warm.
    ///
    /// A warm key takes ``PlannerSettings/openAIRequestsPerKey`` less one (its primer may have
    /// run within the minute); a cold one that full count, its primer included. More keys are
    /// opened only when their primers cost less than the expected overflow misses of staying
    /// on the keys there are (at least one).
    func openAIRouteCount(requests: Int, warmKeys: Int, canPrime: Bool) -> Int {
        let perKey = max(settings.openAIRequestsPerKey, 2)
        let warmCapacity = warmKeys * (perKey - 1)
        if requests <= warmCapacity { return max((requests + perKey - 2) / (perKey - 1), 1) }
        let base = max(warmKeys, 1)
        guard canPrime else { return base }
        // A cold first key holds its primer too.
        let capacity = warmKeys == 0 ? perKey : warmCapacity
        if requests <= capacity { return base }
        let needed = warmKeys == 0 ? (requests + perKey - 1) / perKey : warmKeys + (requests - warmCapacity + perKey - 1) / perKey
        let extraPrimers = Double(needed - base)
        return extraPrimers < settings.openAIOverflowMisses * Double(base) ? needed : base
    }
}
