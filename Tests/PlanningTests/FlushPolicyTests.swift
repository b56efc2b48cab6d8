import Foundation
@testable import Planning
import Testing

@Suite("Flush policy", .timeLimit(.minutes(1)))
struct FlushPolicyTests {
    /// 2026-11-23 12:00:00 UTC.
    let noon = Date(timeIntervalSince1970: 1_795_435_200)

    func bucket(
        count: Int = 10, bytes: Int = 10_000, oldest: [Priority: Date] = [:], deadline: Date? = nil,
        providerMaxRequests: Int = 100_000, providerMaxBytes: Int = 256 * 1_024 * 1_024
    ) -> BucketState {
        BucketState(
            count: count, bytes: bytes, oldestByPriority: oldest, earliestDeadline: deadline,
            providerMaxRequests: providerMaxRequests, providerMaxBytes: providerMaxBytes)
    }

    @Test("an empty bucket is idle; on demand flushes anything else")
    func idleAndOnDemand() {
        let policy = FlushPolicy()
        #expect(policy.decide(bucket(count: 0), now: noon) == .idle)
        #expect(policy.decide(bucket(oldest: [.normal: noon]), now: noon, onDemand: true) == .flush(.onDemand))
    }

    @Test("size limits: configured count and bytes, and the provider's ceiling first")
    func sizes() {
        let policy = FlushPolicy(maxRequests: 100, maxBytes: 1_000_000)
        #expect(policy.decide(bucket(count: 100, oldest: [.normal: noon]), now: noon) == .flush(.maxRequests))
        #expect(policy.decide(bucket(count: 5, bytes: 1_000_000, oldest: [.normal: noon]), now: noon) == .flush(.maxBytes))
        #expect(policy.decide(bucket(count: 50, oldest: [.normal: noon], providerMaxRequests: 50), now: noon) == .flush(.providerLimit))
        #expect(policy.decide(bucket(count: 99, oldest: [.normal: noon]), now: noon) == .wait(until: noon + .seconds(300), reason: .maxAge))
    }

    @Test("age: normal waits maxWait, high its shorter limit")
    func ages() {
        let policy = FlushPolicy(maxWait: .seconds(300), highPriorityMaxWait: .seconds(30))
        let normal = bucket(oldest: [.normal: noon])
        #expect(policy.decide(normal, now: noon + .seconds(299)) == .wait(until: noon + .seconds(300), reason: .maxAge))
        #expect(policy.decide(normal, now: noon + .seconds(300)) == .flush(.maxAge))
        let mixed = bucket(oldest: [.normal: noon, .high: noon + .seconds(100)])
        #expect(policy.decide(mixed, now: noon + .seconds(110)) == .wait(until: noon + .seconds(130), reason: .highPriority))
        #expect(policy.decide(mixed, now: noon + .seconds(130)) == .flush(.highPriority))
    }

    @Test("deadline: flush early enough for the expected turnaround; route realtime when too late")
    func deadlines() {
        let policy = FlushPolicy(maxWait: .seconds(3_600), expectedTurnaround: .seconds(600))
        let due = bucket(oldest: [.normal: noon], deadline: noon + .seconds(900))
        #expect(policy.decide(due, now: noon) == .wait(until: noon + .seconds(300), reason: .deadline))
        #expect(policy.decide(due, now: noon + .seconds(300)) == .flush(.deadline))
        #expect(policy.route(receivedAt: noon, deadline: noon + .seconds(900), now: noon) == .batch)
        #expect(policy.route(receivedAt: noon, deadline: noon + .seconds(599), now: noon) == .realtime(.deadline))
        #expect(policy.route(receivedAt: noon, deadline: nil, now: noon + .seconds(86_400)) == .batch)
        let impatient = FlushPolicy(realtimeAfter: .seconds(120))
        #expect(impatient.route(receivedAt: noon, deadline: nil, now: noon + .seconds(120)) == .realtime(.age))
    }

    @Test("low priority waits for its window, but no longer than its cap")
    func lowPriorityWindow() throws {
        let night = try #require(DailyWindow(parsing: "01:00-05:00"))
        let policy = FlushPolicy(maxWait: .seconds(300), lowPriorityWindow: night, lowPriorityMaxWait: .seconds(86_400))
        let low = bucket(oldest: [.low: noon])
        let oneAM = noon + .seconds(13 * 3_600)
        #expect(policy.decide(low, now: noon + .seconds(400)) == .wait(until: oneAM, reason: .window))
        #expect(policy.decide(low, now: oneAM) == .flush(.window))
        // A normal request in the same bucket takes the low ones with it at its own time.
        let mixed = bucket(oldest: [.low: noon, .normal: noon + .seconds(60)])
        #expect(policy.decide(mixed, now: noon + .seconds(360)) == .flush(.maxAge))
        // Capped: a 2-hour cap beats a window 13 hours away.
        let capped = FlushPolicy(maxWait: .seconds(300), lowPriorityWindow: night, lowPriorityMaxWait: .seconds(7_200))
        #expect(capped.decide(low, now: noon) == .wait(until: noon + .seconds(7_200), reason: .window))
    }

    @Test("daily windows parse, wrap midnight and find their next opening")
    func windows() throws {
        let wrap = try #require(DailyWindow(parsing: "22:00-04:00"))
        #expect(wrap.contains(noon + .seconds(11 * 3_600)))   // 23:00
        #expect(wrap.contains(noon + .seconds(15 * 3_600)))   // 03:00
        #expect(!wrap.contains(noon))
        #expect(wrap.nextOpening(atOrAfter: noon) == noon + .seconds(10 * 3_600))
        #expect(DailyWindow(parsing: "25:00-04:00") == nil)
        #expect(DailyWindow(parsing: "nightly") == nil)
        #expect(wrap.description == "22:00-04:00 UTC")
    }
}
