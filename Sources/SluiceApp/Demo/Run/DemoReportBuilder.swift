import Foundation
internal import Pipeline
import Planning
import Providers

/// Builds the report from what downstream saw: results (their usage feeds the theoretical
/// minimum), savings events (baseline, actual and breakdown), and the emulator's own bill.
struct DemoReportBuilder {
    var workload: DemoWorkload
    var observer: DemoObserver.State
    var counters: PipelineCounters.Snapshot
    var priceBook: PriceBook
    var emulatorBilledUSD: Decimal
    var deadLetterExpected: Int
    var elapsed: Duration

    private struct RowKey: Hashable {
        var provider: Provider
        var model: String
    }

    func build() throws -> DemoReport {
        var breakdowns: [RowKey: SavingsBreakdown] = [:]
        for event in observer.savings {
            let key = RowKey(provider: Provider(event.provider), model: event.model)
            breakdowns[key, default: .zero] =
                breakdowns[key, default: .zero]
                + SavingsBreakdown(
                    actual: event.actualUSD.amount, batchDiscount: event.batchDiscountUSD.amount,
                    cacheSavings: event.cacheSavingsUSD.amount, dedupeSavings: event.dedupeSavingsUSD.amount)
        }
        let renderer = RequestRenderer(tasks: workload.tasks, priceBook: priceBook)
        let estimator = TokenEstimator.standard
        var minimumInputs: [RowKey: [MinimumCostInput]] = [:]
        var minimumRequests: [RowKey: [LLMRequest]] = [:]
        var requests: [RowKey: Int] = [:]
        var results = SavingsSummary.ResultCounts()
        var missing = 0
        var duplicates = 0
        var valid: [DemoRequestIdentity: DemoRecord] = [:]
        for record in workload.records where record.kind == .valid {
            if let identity = record.identity { valid[identity] = record }
        }
        for identity in workload.expected.accepted {
            guard let events = observer.results[identity], let result = events.first else {
                missing += 1
                continue
            }
            if Set(events.map(\.status)).count > 1 || Set(events.map(\.usage)).count > 1 { duplicates += 1 }
            results.record(result.status)
            let key = RowKey(provider: Provider(result.provider), model: result.model)
            requests[key, default: 0] += 1
            guard let record = valid[identity], let event = try? RequestEvent.decodeValidated(from: record.value),
                let rendered = try? renderer.render(event)
            else { continue }
            minimumInputs[key, default: []].append(
                MinimumCostInput(
                    provider: key.provider, model: key.model, prefixGroup: rendered.bucket.prefixGroup,
                    promptTokens: result.usage.promptTokens, outputTokens: result.usage.outputTokens,
                    estimatedPrefixTokens: estimator.prefixTokens(of: rendered.request),
                    estimatedPromptTokens: estimator.promptTokens(of: rendered.request),
                    dedupeKey: RequestFingerprint.key(of: rendered.request, provider: rendered.provider),
                    cachedTokens: result.usage.cacheReadInputTokens + result.usage.cacheWriteInputTokens))
            minimumRequests[key, default: []].append(rendered.request)
        }
        // Prefix chains per model, so a prefix shared across prefix groups counts written once.
        for (key, requests) in minimumRequests {
            let minimumTokens = (try? priceBook.facts(provider: key.provider, model: key.model).minCacheableTokens) ?? nil
            let chains = PrefixAnalysis.chains(
                of: requests, estimator: estimator, minimumTokens: minimumTokens ?? BatchPlanner.defaultMinCacheableTokens)
            for index in chains.indices { minimumInputs[key]?[index].prefixChain = chains[index] }
        }
        var rows: [SavingsSummary.Row] = []
        for key in Set(breakdowns.keys).union(requests.keys) {
            let minimum = try MinimumCost.minimum(of: minimumInputs[key] ?? [], priceBook: priceBook)
            rows.append(
                SavingsSummary.Row(
                    provider: key.provider, model: key.model, requests: requests[key] ?? 0,
                    figures: .init(breakdown: breakdowns[key] ?? .zero, minimum: minimum)))
        }
        let summary = SavingsSummary(
            events: .init(
                published: workload.records.count, accepted: counters.journaled, duplicates: counters.duplicates,
                deadLettered: observer.deadLetters),
            results: results, rows: rows)
        let actual = summary.totals.actual
        let difference =
            emulatorBilledUSD == 0
            ? (actual == 0 ? 0 : 1)
            : abs(NSDecimalNumber(decimal: actual - emulatorBilledUSD).doubleValue)
                / NSDecimalNumber(decimal: emulatorBilledUSD).doubleValue
        return DemoReport(
            summary: summary,
            checks: .init(
                missingResults: missing, duplicateResults: duplicates, deadLetterExpected: deadLetterExpected,
                deadLetterSeen: observer.deadLetters, savingsActualUSD: actual, emulatorBilledUSD: emulatorBilledUSD,
                billDifferenceRatio: difference),
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

extension Provider {
    init(_ name: ProviderName) {
        switch name {
        case .anthropic: self = .anthropic
        case .openai: self = .openai
        case .gemini: self = .gemini
        }
    }
}
