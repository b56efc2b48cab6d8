package import Foundation
package import Planning
import Providers
package import StateStore

/// Builds a batch's savings events, one per tenant, from its ledger rows: what the provider billed
/// and what the same requests would have cost at list price, with the breakdown of DESIGN §2.
/// Overhead rows that served no tenant (Gemini explicit cache storage; primers are real requests)
/// are shared pro rata by baseline (DESIGN §2); storage counts against cache savings, since
/// without caching it would not have been paid.
package struct SavingsBuilder: Sendable {
    package var costs: CostCalculator
    package var results: ResultBuilder
    package var topic: String

    package init(costs: CostCalculator, results: ResultBuilder, topic: String) {
        self.costs = costs
        self.results = results
        self.topic = topic
    }

    package func records(
        for batch: BatchRecord, ledger: [LedgerEntry], outcomes: [String: [AttemptOutcome: Int]], now: Date
    ) throws -> [OutboxRecord] {
        guard let provider = Provider(rawValue: batch.provider) else { return [] }
        let group = batch.kind == .realtime ? batch.id.uuidString.lowercased() : (batch.providerBatchID ?? batch.id.uuidString.lowercased())
        var byTenant: [String: [LedgerEntry]] = [:]
        var overhead: [LedgerEntry] = []
        for entry in ledger {
            if let tenant = entry.tenant { byTenant[tenant, default: []].append(entry) } else { overhead.append(entry) }
        }
        let tenants = Set(byTenant.keys).union(outcomes.keys).sorted()
        guard !tenants.isEmpty else { return [] }
        let overheadCosts = try overhead.map { entry in
            var item = try cost(of: entry, provider: provider)
            item.uncachedAtMode = entry.isCacheStorage ? 0 : item.actual
            return item
        }
        let totalBaseline = byTenant.values.joined().reduce(Decimal(0)) { $0 + $1.baselineUSD }
        let start = EventTimestamp(Date(unixMilliseconds: batch.submittedAt ?? batch.createdAt))
        let end = EventTimestamp(max(now, start.date))
        return try tenants.map { tenant in
            let entries = byTenant[tenant] ?? []
            var items = try entries.map { try cost(of: $0, provider: provider) }
            if !overheadCosts.isEmpty, totalBaseline > 0 {
                let share = entries.reduce(Decimal(0)) { $0 + $1.baselineUSD } / totalBaseline
                items += overheadCosts.map {
                    ItemCost(actual: $0.actual * share, baseline: 0, uncachedAtMode: $0.uncachedAtMode * share)
                }
            }
            let figures = costs.breakdown(of: items, dedupeBaseline: 0)
            let usage = entries.reduce(Planning.TokenUsage.zero) { sum, entry in
                sum
                    + Planning.TokenUsage(
                        inputTokens: entry.inputTokens, cacheReadInputTokens: entry.cacheReadInputTokens,
                        cacheWriteInputTokens: entry.cacheWriteInputTokens, outputTokens: entry.outputTokens)
            }
            let counts = outcomes[tenant] ?? [:]
            let event = SavingsEvent(
                id: SavingsEvent.makeID(tenant: tenant, provider: ProviderName(provider), group: group), tenant: tenant,
                provider: ProviderName(provider), model: batch.model, mode: batch.mode.executionMode,
                batchID: batch.kind == .realtime ? nil : batch.providerBatchID,
                groupID: batch.kind == .realtime ? group : nil, periodStart: start, periodEnd: end,
                requests: RequestCounts(
                    succeeded: counts[.succeeded] ?? 0, failed: counts[.errored] ?? 0, expired: counts[.expired] ?? 0,
                    canceled: counts[.canceled] ?? 0),
                usage: usage, baselineUSD: USD(figures.baseline), actualUSD: USD(figures.actual),
                batchDiscountUSD: USD(figures.batchDiscount), cacheSavingsUSD: USD(figures.cacheSavings),
                dedupeSavingsUSD: USD(figures.dedupeSavings))
            return try results.record(event, key: Data(tenant.utf8), time: now, topic: topic)
        }
    }

    /// Re-prices a ledger row from its tokens, which also yields the uncached-at-mode figure the
    /// breakdown needs; the row's own actual and baseline stay the source of truth.
    private func cost(of entry: LedgerEntry, provider: Provider) throws -> ItemCost {
        let usage = Providers.TokenUsage(
            inputTokens: entry.inputTokens, cacheReadInputTokens: entry.cacheReadInputTokens,
            cacheWriteInputTokens: entry.cacheWriteInputTokens,
            cacheWriteSplit: .init(fiveMinute: entry.cacheWrite5mInputTokens, oneHour: entry.cacheWrite1hInputTokens),
            outputTokens: entry.outputTokens)
        var priced = try costs.cost(of: usage, provider: provider, model: entry.model, mode: entry.mode.pricingMode)
        priced.actual = entry.actualUSD
        priced.baseline = entry.baselineUSD
        return priced
    }
}
