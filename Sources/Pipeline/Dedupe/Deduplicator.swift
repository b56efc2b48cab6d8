package import Foundation
package import Planning
package import Providers
package import StateStore
import Synchronization

/// Sends each distinct request once (issue 5, dedupe). Of the requests a bucket releases, one
/// whose identical twin already has an answer in the response cache is answered from it now
/// (`mode: response_cache`, nothing billed, its list price counted as dedupe savings); one whose
/// twin is in flight, or earlier in the same release, waits in the journal for that answer; the
/// rest are sent. A leader that fails leaves nothing cached, so the next of its twins goes instead.
package final class Deduplicator: Sendable {
    private let store: StateStore
    private let costs: CostCalculator
    private let results: ResultBuilder
    private let savingsTopic: String
    /// When expired answers were last deleted (they are never read, only kept from growing).
    private let lastPurge = Mutex(Date.distantPast)
    private static let purgeInterval: TimeInterval = 600

    package init(store: StateStore, costs: CostCalculator, results: ResultBuilder, savingsTopic: String) {
        self.store = store
        self.costs = costs
        self.results = results
        self.savingsTopic = savingsTopic
    }

    /// How a release splits.
    package struct Split: Sendable {
        /// Distinct requests to send.
        package var send: [(RequestRecord, LLMRequest)] = []
        /// Requests answered from the response cache now, already resolved in the store.
        package var answered = 0
        /// Requests left pending until their in-flight twin is answered.
        package var held = 0
    }

    /// Splits `inputs` (one bucket's release) and resolves the cached answers in one transaction
    /// with their savings events.
    package func split(_ inputs: [(RequestRecord, LLMRequest)], bucket: String, now: Date) async throws -> Split {
        let purgeDue = lastPurge.withLock { last in
            guard now.timeIntervalSince(last) >= Self.purgeInterval else { return false }
            last = now
            return true
        }
        if purgeDue { try await store.purgeExpiredResponses(now: now.unixMilliseconds) }
        let keys = Set(inputs.compactMap { $0.0.entry.dedupeKey })
        guard !keys.isEmpty else { return Split(send: inputs) }
        var (inFlight, cached) = try await store.dedupeView(bucket: bucket, keys: keys, now: now.unixMilliseconds)
        var split = Split()
        var answers: [(RequestRecord, CachedAnswer)] = []
        for input in inputs {
            guard let key = input.0.entry.dedupeKey else {
                split.send.append(input)
                continue
            }
            if let hit = cached[key], let answer = try? CachedAnswer.decoded(from: hit.response) {
                answers.append((input.0, answer))
            } else if inFlight.contains(key) {
                // Its twin is in flight: wait for that answer.
                split.held += 1
            } else {
                inFlight.insert(key)
                split.send.append(input)
            }
        }
        guard !answers.isEmpty else { return split }
        var resolutions: [PendingResolution] = []
        var byTenant: [String: (model: String, provider: Provider, count: Int, baseline: Decimal)] = [:]
        for (record, answer) in answers {
            let baseline = try costs.cost(
                of: answer.response.usage, provider: answer.provider, model: answer.model, mode: .realtime
            ).baseline
            let result = try results.record(
                for: record.entry,
                ResultBuilder.Outcome(
                    status: .succeeded, response: answer.response, provider: answer.provider, model: answer.model,
                    mode: .responseCache, usage: .zero, actual: 0, baseline: baseline, attempts: record.attempts,
                    completedAt: now))
            resolutions.append(PendingResolution(request: record.key, status: .completed, result: result))
            var group = byTenant[record.entry.tenant] ?? (answer.model, answer.provider, 0, 0)
            group.count += 1
            group.baseline += baseline
            byTenant[record.entry.tenant] = group
        }
        let groupID = UUID().uuidString.lowercased()
        let time = EventTimestamp(now)
        let summaries = try byTenant.sorted { $0.key < $1.key }.map { tenant, group in
            let figures = costs.breakdown(of: [], dedupeBaseline: group.baseline)
            let event = SavingsEvent(
                id: SavingsEvent.makeID(tenant: tenant, provider: ProviderName(group.provider), group: groupID),
                tenant: tenant, provider: ProviderName(group.provider), model: group.model, mode: .responseCache,
                batchID: nil, groupID: groupID, periodStart: time, periodEnd: time,
                requests: RequestCounts(succeeded: group.count, failed: 0, expired: 0, canceled: 0),
                usage: .zero, baselineUSD: USD(group.baseline), actualUSD: USD(figures.actual),
                batchDiscountUSD: USD(figures.batchDiscount), cacheSavingsUSD: USD(figures.cacheSavings),
                dedupeSavingsUSD: USD(figures.dedupeSavings))
            return try results.record(event, key: Data(tenant.utf8), time: now, topic: savingsTopic)
        }
        let outcome = try await store.resolvePending(resolutions, summaries: summaries, at: now.unixMilliseconds)
        split.answered = outcome.resolved.count
        return split
    }
}
