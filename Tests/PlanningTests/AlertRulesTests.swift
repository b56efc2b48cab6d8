import Foundation
import Planning
import Testing

/// The alert rules: each kind fires, stays quiet while still firing, escalates, and resolves;
/// every event they build passes the alert contract's own decoder.
@Suite(.timeLimit(.minutes(1)))
struct AlertRulesTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let rules = AlertRules(thresholds: AlertThresholds(), source: "sluice-test")

    /// Evaluates and checks that every event survives the contract decoder unchanged.
    static func evaluate(
        _ snapshot: AlertSnapshot, _ firing: inout [String: AlertEvent], at offset: TimeInterval = 0,
        rules: AlertRules = rules
    ) throws -> [AlertEvent] {
        let events = rules.evaluate(snapshot, firing: &firing, now: start.addingTimeInterval(offset))
        for event in events {
            let decoded = try AlertEvent.decodeValidated(from: try event.encodedJSON())
            #expect(decoded == event)
            #expect(decoded.id == event.id)
        }
        return events
    }

    static func results(_ tenant: String, succeeded: Int, failed: Int) -> AlertSnapshot {
        AlertSnapshot(
            window: .seconds(900), results: [AlertSnapshot.ResultCounts(tenant: tenant, succeeded: succeeded, failed: failed)])
    }

    // MARK: - failure_rate

    @Test func failureRateFiresOnceThenResolves() throws {
        var firing: [String: AlertEvent] = [:]
        let fired = try Self.evaluate(Self.results("globex", succeeded: 90, failed: 10), &firing)
        #expect(fired.count == 1)
        let event = try #require(fired.first)
        #expect(event.kind == .failureRate)
        #expect(event.state == .firing)
        #expect(event.severity == .warning)
        #expect(event.tenant == "globex")
        #expect(event.observed == 0.1)
        #expect(event.threshold == 0.05)
        #expect(event.windowSeconds == 900)
        #expect(event.id == "alert/failure_rate/globex/all/all/1795000000000/firing-warning")
        #expect(event.message.contains("10%") && event.message.contains("15 minutes"))
        #expect(firing.count == 1)

        // Still failing a minute later: nothing new.
        #expect(try Self.evaluate(Self.results("globex", succeeded: 85, failed: 9), &firing, at: 60).isEmpty)

        let resolved = try Self.evaluate(Self.results("globex", succeeded: 99, failed: 1), &firing, at: 120)
        #expect(resolved.count == 1)
        #expect(resolved.first?.state == .resolved)
        #expect(resolved.first?.id == "alert/failure_rate/globex/all/all/1795000000000/resolved")
        #expect(resolved.first?.observed == 0.01)
        #expect(resolved.first?.detectedAt == EventTimestamp(Self.start.addingTimeInterval(120)))
        #expect(firing.isEmpty)

        // A new episode has a new id.
        let again = try Self.evaluate(Self.results("globex", succeeded: 50, failed: 50), &firing, at: 300)
        #expect(again.first?.id == "alert/failure_rate/globex/all/all/1795000300000/firing-critical")
    }

    @Test func failureRateNeedsAMinimumSampleToStartButNotToStayOrResolve() throws {
        var firing: [String: AlertEvent] = [:]
        // 3 of 10 failed: 30%, but only 10 results.
        #expect(try Self.evaluate(Self.results("acme", succeeded: 7, failed: 3), &firing).isEmpty)
        #expect(try Self.evaluate(Self.results("acme", succeeded: 45, failed: 5), &firing).count == 1)
        // Traffic drops but what remains still fails: it stays firing, quietly.
        #expect(try Self.evaluate(Self.results("acme", succeeded: 7, failed: 3), &firing).isEmpty)
        #expect(firing.count == 1)
        // No results at all in the window: resolved, saying why.
        let resolved = try Self.evaluate(AlertSnapshot(window: .seconds(900)), &firing, at: 60)
        #expect(resolved.map(\.state) == [.resolved])
        #expect(resolved.first?.message.contains("no finished requests") == true)
        #expect(firing.isEmpty)
    }

    @Test func failureRateEscalatesToCriticalOnceAndNeverRepeats() throws {
        var firing: [String: AlertEvent] = [:]
        let warning = try Self.evaluate(Self.results("acme", succeeded: 90, failed: 10), &firing)
        let critical = try Self.evaluate(Self.results("acme", succeeded: 40, failed: 60), &firing, at: 30)
        #expect(critical.count == 1)
        #expect(critical.first?.severity == .critical)
        #expect(critical.first?.state == .firing)
        // Same episode, a different transition id.
        #expect(critical.first?.id == "alert/failure_rate/acme/all/all/1795000000000/firing-critical")
        #expect(critical.first?.id != warning.first?.id)
        // Back down to warning: no new event (it stays critical until it clears).
        #expect(try Self.evaluate(Self.results("acme", succeeded: 90, failed: 10), &firing, at: 60).isEmpty)
        let resolved = try Self.evaluate(Self.results("acme", succeeded: 100, failed: 0), &firing, at: 90)
        #expect(resolved.first?.severity == .critical)
        #expect(resolved.first?.id == "alert/failure_rate/acme/all/all/1795000000000/resolved")
    }

    @Test func failureRateIsPerTenantAndPerProviderModelWhenSplit() throws {
        var firing: [String: AlertEvent] = [:]
        let snapshot = AlertSnapshot(
            window: .seconds(600),
            results: [
                .init(tenant: "acme", provider: .anthropic, model: "claude-haiku-4-5", succeeded: 80, failed: 20),
                .init(tenant: "acme", provider: .openai, model: "gpt-4.1-mini", succeeded: 100, failed: 0),
                .init(tenant: "globex", succeeded: 30, failed: 0),
                .init(tenant: "globex", succeeded: 30, failed: 10),  // the same subject twice: summed
            ])
        let events = try Self.evaluate(snapshot, &firing)
        #expect(events.count == 2)
        #expect(events[0].tenant == "acme")
        #expect(events[0].provider == .anthropic)
        #expect(events[0].model == "claude-haiku-4-5")
        #expect(events[0].windowSeconds == 600)
        #expect(events[0].id.hasPrefix("alert/failure_rate/acme/anthropic/claude-haiku-4-5/"))
        #expect(events[1].tenant == "globex")
        #expect(abs(events[1].observed - 10.0 / 70.0) < 1e-12)
    }

    // MARK: - stale_batch

    @Test func staleBatchFiresPastTheLimitAndResolvesWhenTheBatchIsFinal() throws {
        let submittedAt = Self.start.addingTimeInterval(-25 * 3600)
        let batch = AlertSnapshot.SubmittedBatch(
            provider: .openai, model: "gpt-4.1-mini", providerBatchID: "batch_6751c1f2e4a08190",
            submittedAt: submittedAt, providerStatus: "in_progress")
        let snapshot = AlertSnapshot(window: .seconds(900), submittedBatches: [batch])
        var firing: [String: AlertEvent] = [:]
        // 25 h: within the 26 h limit.
        #expect(try Self.evaluate(snapshot, &firing).isEmpty)
        // 26 h 30 m.
        let fired = try Self.evaluate(snapshot, &firing, at: 5400)
        let event = try #require(fired.first)
        #expect(fired.count == 1)
        #expect(event.kind == .staleBatch)
        #expect(event.tenant == AlertEvent.globalTenant)
        #expect(event.severity == .critical)
        #expect(event.batchID == "batch_6751c1f2e4a08190")
        #expect(event.provider == .openai)
        #expect(event.observed == 26.5 * 3600)
        #expect(event.threshold == 26 * 3600)
        #expect(event.windowSeconds == nil)
        #expect(event.message.contains("26h 30m") && event.message.contains("in_progress"))
        #expect(try Self.evaluate(snapshot, &firing, at: 7200).isEmpty)

        let resolved = try Self.evaluate(AlertSnapshot(window: .seconds(900)), &firing, at: 9000)
        #expect(resolved.count == 1)
        #expect(resolved.first?.state == .resolved)
        #expect(resolved.first?.batchID == "batch_6751c1f2e4a08190")
        #expect(resolved.first?.message.contains("no longer in flight") == true)
        #expect(firing.isEmpty)
    }

    @Test func aVeryLongSubjectIsHashedToKeepTheIdWithinTheContract() throws {
        let longID = "batches/" + String(repeating: "x", count: 240)
        let batch = AlertSnapshot.SubmittedBatch(
            provider: .gemini, model: "gemini-2.5-flash", providerBatchID: longID,
            submittedAt: Self.start.addingTimeInterval(-30 * 3600))
        var firing: [String: AlertEvent] = [:]
        let event = try #require(try Self.evaluate(AlertSnapshot(window: .seconds(60), submittedBatches: [batch]), &firing).first)
        #expect(event.id.count <= 256)
        #expect(event.id.contains("/sha256-"))
        #expect(event.batchID == longID)
        let resolved = try Self.evaluate(AlertSnapshot(window: .seconds(60)), &firing, at: 1)
        #expect(resolved.first?.id.count ?? 0 <= 256)
        #expect(resolved.first?.id.hasSuffix("/resolved") == true)
    }

    // MARK: - backlog

    @Test func backlogFiresForRequestsAndOutboxSeparately() throws {
        var firing: [String: AlertEvent] = [:]
        let rules = AlertRules(thresholds: AlertThresholds(backlogRequests: 100, backlogOutbox: 10), source: "t")
        #expect(try Self.evaluate(AlertSnapshot(window: .seconds(60), pendingRequests: 100, outboxBacklog: 10), &firing, rules: rules).isEmpty)

        let fired = try Self.evaluate(
            AlertSnapshot(window: .seconds(60), pendingRequests: 101, outboxBacklog: 100), &firing, rules: rules)
        #expect(fired.count == 2)
        #expect(fired.map(\.id) == [
            "alert/backlog/_global/outbox/1795000000000/firing-critical",
            "alert/backlog/_global/requests/1795000000000/firing-warning",
        ])
        #expect(fired[1].observed == 101)
        #expect(fired[1].threshold == 100)

        let later = try Self.evaluate(
            AlertSnapshot(window: .seconds(60), pendingRequests: 5, outboxBacklog: 50), &firing, at: 10, rules: rules)
        #expect(later.count == 1)
        #expect(later.first?.id == "alert/backlog/_global/requests/1795000000000/resolved")
        #expect(later.first?.observed == 5)
        #expect(firing.count == 1)
    }

    // MARK: - low_cache_hit_ratio

    static func cache(requests: Int, read: Int, uncached: Int, written: Int = 0) -> AlertSnapshot {
        AlertSnapshot(
            window: .seconds(900),
            cacheUsage: [
                AlertSnapshot.CacheUsage(
                    provider: .anthropic, model: "claude-haiku-4-5", requests: requests,
                    usage: TokenUsage(inputTokens: uncached, cacheReadInputTokens: read, cacheWriteInputTokens: written, outputTokens: 7))
            ])
    }

    @Test func lowCacheHitRatioFiresBelowTheThresholdWithEnoughRequests() throws {
        var firing: [String: AlertEvent] = [:]
        // 20% read from cache, but only 10 requests.
        #expect(try Self.evaluate(Self.cache(requests: 10, read: 200, uncached: 700, written: 100), &firing).isEmpty)
        let fired = try Self.evaluate(Self.cache(requests: 60, read: 200, uncached: 700, written: 100), &firing)
        let event = try #require(fired.first)
        #expect(event.kind == .lowCacheHitRatio)
        #expect(event.severity == .warning)
        #expect(event.tenant == AlertEvent.globalTenant)
        #expect(event.observed == 0.2)
        #expect(event.threshold == 0.5)
        #expect(event.model == "claude-haiku-4-5")
        #expect(try Self.evaluate(Self.cache(requests: 60, read: 300, uncached: 700), &firing, at: 60).isEmpty)

        let resolved = try Self.evaluate(Self.cache(requests: 60, read: 900, uncached: 100), &firing, at: 120)
        #expect(resolved.map(\.state) == [.resolved])
        #expect(resolved.first?.observed == 0.9)
        #expect(firing.isEmpty)
    }

    @Test func noTransitionsForAHealthySnapshot() throws {
        var firing: [String: AlertEvent] = [:]
        let snapshot = AlertSnapshot(
            window: .seconds(900),
            results: [.init(tenant: "acme", succeeded: 1_000, failed: 3)],
            submittedBatches: [
                .init(provider: .anthropic, model: "claude-haiku-4-5", providerBatchID: "msgbatch_1", submittedAt: Self.start)
            ],
            pendingRequests: 500, outboxBacklog: 20,
            cacheUsage: [.init(provider: .anthropic, model: "claude-haiku-4-5", requests: 1_000, usage: TokenUsage(inputTokens: 100, cacheReadInputTokens: 900))])
        #expect(try Self.evaluate(snapshot, &firing).isEmpty)
        #expect(firing.isEmpty)
    }
}
