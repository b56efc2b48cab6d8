@testable import Planning
import Testing

@Suite("OpenAI route sharding", .timeLimit(.minutes(1)))
struct RouteShardingTests {
    @Test("a fan-out is sharded only once overflow has been seen to cost more than the extra primers")
    func shardCount() {
        // Nothing learnt yet: one key.
        #expect(RouteSharding().shards(fanOut: 59) == 1)
        // 59 requests need 5 keys of at most 14 (the primer takes the 15th slot): 4 extra primers.
        #expect(RouteSharding(missesPerOverflowingRoute: 6).shards(fanOut: 59) == 5)
        #expect(RouteSharding(missesPerOverflowingRoute: 4).shards(fanOut: 59) == 1)
        // A fan-out within one route's capacity is never sharded.
        #expect(RouteSharding(missesPerOverflowingRoute: 100).shards(fanOut: 14) == 1)
        // A large fan-out would need more primers than overflow costs.
        #expect(RouteSharding(missesPerOverflowingRoute: 6).shards(fanOut: 1_000) == 1)
        #expect(RouteSharding.key("abc", shard: 0, of: 1) == "abc")
        #expect(RouteSharding.key("abc", shard: 2, of: 5) == "abc.2")
    }

    @Test("overflow is read from warm routes that took more than one route's capacity")
    func observation() {
        // One warm route of 20: 15 hits, 5 misses. One cold route of 20: no evidence. One small route.
        let warm = (0..<20).map { (key: Optional("a"), cachedTokens: $0 < 15 ? 2_048 : 0) }
        let cold = (0..<20).map { _ in (key: Optional("b"), cachedTokens: 0) }
        let small = (0..<10).map { (key: Optional("c"), cachedTokens: $0 == 0 ? 0 : 1_024) }
        let unkeyed = (0..<30).map { _ in (key: String?.none, cachedTokens: 0) }
        let seen = RouteSharding.overflow(in: warm + cold + small + unkeyed)
        #expect(seen.routes == 1)
        #expect(seen.misses == 5)
    }
}
