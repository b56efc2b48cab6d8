/// Spreads an OpenAI fan-out over several `prompt_cache_key`s when the provider's routing would
/// otherwise send part of it to machines whose caches are cold.
///
/// OpenAI routes a request by a hash of its first 256 tokens and its `prompt_cache_key`; "keep
/// traffic per key around 15 requests per minute; above that, requests overflow to other
/// machines" (providers.md §2.5), where the prefix must be written again. A batch's fan-out runs
/// far faster than 15 a minute. Sharding keeps each key under the ceiling, at the price of one
/// primer per key (one more uncached prefix each). How much overflow costs is not published, so
/// it is learnt: ``missesPerOverflowingRoute`` comes from the fan-outs this model has run, and
/// until one has overflowed nothing is sharded.
package struct RouteSharding: Sendable, Hashable {
    /// Requests one key takes in a minute before the provider overflows it (providers.md §2.5).
    package static let routeCapacity = 15

    /// Uncached prefixes seen per route that took more than ``routeCapacity`` requests, in this
    /// model's recent fan-outs; `nil` before any such fan-out has finished.
    package var missesPerOverflowingRoute: Double?

    /// Sharding as learnt so far.
    package init(missesPerOverflowingRoute: Double? = nil) {
        self.missesPerOverflowingRoute = missesPerOverflowingRoute
    }

    /// How many keys a fan-out of `count` requests goes out under: enough that none takes more
    /// than ``routeCapacity`` in a minute counting its primer, when the primers that costs (one
    /// uncached prefix per extra key) are fewer than the misses overflow has been costing; else 1.
    package func shards(fanOut count: Int) -> Int {
        let perKey = Self.routeCapacity - 1
        let needed = (count + perKey - 1) / perKey
        guard needed > 1, let misses = missesPerOverflowingRoute else { return 1 }
        return Double(needed - 1) < misses ? needed : 1
    }

    /// The key of shard `index` of `count` for the prefix `hash`: the hash itself when unsharded,
    /// so that an unsharded bucket keeps the key (and the warm cache) it always had.
    package static func key(_ hash: String, shard index: Int, of count: Int) -> String {
        count <= 1 ? hash : "\(hash).\(index)"
    }

    /// What one finished fan-out says about overflow: for each key that took more than
    /// ``routeCapacity`` requests and whose machine was warm (at least ``routeCapacity`` of them
    /// read the prefix), the requests that read nothing. Routes that were cold throughout say
    /// nothing about overflow and are left out.
    /// - Parameter requests: each request's `prompt_cache_key` and the cached tokens it reported.
    /// - Returns: how many routes overflowed, and the misses on them.
    package static func overflow(in requests: [(key: String?, cachedTokens: Int)]) -> (routes: Int, misses: Int) {
        var byKey: [String: (count: Int, hits: Int)] = [:]
        for request in requests {
            guard let key = request.key else { continue }
            var tally = byKey[key, default: (0, 0)]
            tally.count += 1
            if request.cachedTokens > 0 { tally.hits += 1 }
            byKey[key] = tally
        }
        var routes = 0
        var misses = 0
        for tally in byKey.values where tally.count > routeCapacity && tally.hits >= routeCapacity {
            routes += 1
            misses += tally.count - tally.hits
        }
        return (routes, misses)
    }
}
