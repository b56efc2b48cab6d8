package import Foundation
package import Planning
package import Providers

/// `sluice estimate`: what a workload file would cost before anything is spent.
///
/// Each line is decoded and validated as the intake does (a bad line is counted with its reason,
/// never fatal), a repeated (tenant, id) is dropped as the journal would, the rest is rendered
/// through the task templates and grouped into the accumulator's buckets, and the planner plans
/// each bucket as the accumulator calls it: in chunks of `max_requests`, the first chunk cold (a
/// primer, then the rest warm), later chunks warm. Four prices per request:
/// - **baseline**: realtime list prices, no cache (DESIGN §2);
/// - **batch-only**: batch prices, no cache;
/// - **planned**: batch prices with the planner's cache plan (breakpoints, split blocks, OpenAI
///   keys, Gemini explicit caches), assuming its primers and fan-outs work: ``PlanPricer``;
/// - **minimum**: ``MinimumCost`` over the same estimated tokens, a prefix shared across
///   buckets (a preamble) written once.
///
/// Tokens are estimated (``TokenEstimator``, about four characters a token); output tokens are
/// unknown before running and taken as ``outputRatio`` × `max_tokens`. Deadlines are not
/// modelled: every request is priced as batched.
package struct WorkloadEstimator: Sendable {
    /// Task templates task-mode lines name.
    package var tasks: [String: TaskTemplate]
    /// Prices and model facts.
    package var priceBook: PriceBook
    /// The planner's settings (the batch turnaround decides Anthropic's TTL).
    package var planner: PlannerSettings
    /// The accumulator's chunk size (`batching.max_requests`).
    package var maxRequestsPerFlush: Int
    /// Output tokens assumed per chat request, as a share of its `max_tokens`.
    package var outputRatio: Double

    /// The default ``outputRatio``: a quarter of `max_tokens`, typical of classification and
    /// extraction replies that stop well before their cap.
    package static let defaultOutputRatio = 0.25

    /// An estimator.
    /// - Parameters:
    ///   - tasks: task templates.
    ///   - priceBook: prices.
    ///   - planner: planner settings (default: the service's 1-hour expected turnaround).
    ///   - maxRequestsPerFlush: the accumulator's chunk size (default 10,000, the service's).
    ///   - outputRatio: output tokens as a share of `max_tokens` (default 0.25), clamped to 0...1.
    package init(
        tasks: [String: TaskTemplate], priceBook: PriceBook,
        planner: PlannerSettings = PlannerSettings(expectedTurnaround: .seconds(3_600)), maxRequestsPerFlush: Int = 10_000,
        outputRatio: Double = WorkloadEstimator.defaultOutputRatio
    ) {
        self.tasks = tasks
        self.priceBook = priceBook
        self.planner = planner
        self.maxRequestsPerFlush = max(1, maxRequestsPerFlush)
        self.outputRatio = outputRatio.isFinite ? min(max(outputRatio, 0), 1) : Self.defaultOutputRatio
    }

    /// Estimates a JSON-lines workload (one request event per line; blank lines skipped).
    /// - Throws: ``PriceBookError`` only when the price book lacks a price a rendered model needs
    ///   (rendering already checks that every model is priced).
    package func estimate(jsonLines data: Data) throws -> WorkloadEstimate {
        var estimate = WorkloadEstimate(assumptions: assumptions)
        let renderer = RequestRenderer(tasks: tasks, priceBook: priceBook)
        var seen = Set<DemoRequestIdentity>()
        var buckets: [BucketKey: [Item]] = [:]
        var order: [BucketKey] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { continue }
            estimate.lines += 1
            let event: RequestEvent
            do {
                event = try RequestEvent.decodeValidated(from: Data(line))
            } catch {
                estimate.rejected.append(.init(line: lineNumber, reason: error.description))
                continue
            }
            guard seen.insert(DemoRequestIdentity(tenant: event.tenant, id: event.id)).inserted else {
                estimate.duplicates += 1
                continue
            }
            let rendered: RenderedRequest
            do {
                rendered = try renderer.render(event)
            } catch {
                estimate.rejected.append(.init(line: lineNumber, reason: error.description))
                continue
            }
            estimate.accepted += 1
            if buckets[rendered.bucket] == nil { order.append(rendered.bucket) }
            buckets[rendered.bucket, default: []].append(item(event, rendered))
        }
        var rows: [RowKey: WorkloadEstimate.Row] = [:]
        var minimumInputs: [RowKey: [MinimumCostInput]] = [:]
        var minimumRequests: [RowKey: [LLMRequest]] = [:]
        for bucket in order {
            for priced in try plan(buckets[bucket] ?? [], bucket: bucket) {
                let key = RowKey(provider: bucket.provider, model: bucket.model, task: priced.item.task)
                var row = rows[key] ?? WorkloadEstimate.Row(provider: key.provider, model: key.model, task: key.task)
                row.add(priced)
                rows[key] = row
                minimumInputs[key, default: []].append(priced.item.minimumInput(bucket: bucket))
                minimumRequests[key, default: []].append(priced.item.request)
            }
        }
        // Prefix chains per model, so a prefix shared across buckets counts written once.
        var byModel: [String: [(row: RowKey, index: Int)]] = [:]
        for (key, inputs) in minimumInputs {
            for index in inputs.indices { byModel["\(key.provider.rawValue)/\(key.model)", default: []].append((key, index)) }
        }
        for members in byModel.values {
            guard let first = members.first else { continue }
            let facts = try? priceBook.facts(provider: first.row.provider, model: first.row.model)
            let chains = PrefixAnalysis.chains(
                of: members.compactMap { minimumRequests[$0.row]?[$0.index] },
                minimumTokens: facts?.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens)
            for (member, chain) in zip(members, chains) { minimumInputs[member.row]?[member.index].prefixChain = chain }
        }
        for (key, inputs) in minimumInputs {
            rows[key]?.minimum = try MinimumCost.minimum(of: inputs, priceBook: priceBook)
        }
        estimate.rows = rows.values.sorted { ($0.provider.rawValue, $0.model, $0.task) < ($1.provider.rawValue, $1.model, $1.task) }
        // Groups can span rows (two tasks with one prefix), so the total minimum is taken over
        // everything at once rather than summed.
        estimate.totalMinimum = try MinimumCost.minimum(of: minimumInputs.values.flatMap { $0 }, priceBook: priceBook)
        return estimate
    }

    private var assumptions: WorkloadEstimate.Assumptions {
        WorkloadEstimate.Assumptions(
            outputRatio: outputRatio, charactersPerToken: TokenEstimator.standard.charactersPerToken,
            expectedTurnaroundSeconds: Double(planner.expectedTurnaround.components.seconds), anthropicTTL: planner.ttl.ttl.rawValue,
            maxRequestsPerFlush: maxRequestsPerFlush)
    }

    private struct RowKey: Hashable {
        var provider: Provider
        var model: String
        var task: String
    }

    /// A request with its estimated tokens.
    struct Item {
        var request: LLMRequest
        var task: String
        var promptTokens: Int
        var prefixTokens: Int
        var outputTokens: Int
        var estimatedInputTokens: Int

        func minimumInput(bucket: BucketKey) -> MinimumCostInput {
            MinimumCostInput(
                provider: bucket.provider, model: bucket.model, prefixGroup: bucket.prefixGroup, promptTokens: promptTokens,
                outputTokens: outputTokens, estimatedPrefixTokens: prefixTokens, estimatedPromptTokens: promptTokens,
                dedupeKey: RequestFingerprint.key(of: request, provider: bucket.provider))
        }
    }

    private func item(_ event: RequestEvent, _ rendered: RenderedRequest) -> Item {
        let estimator = TokenEstimator.standard
        let task: String
        switch event.mode {
        case .task(let name, _): task = name
        case .raw: task = "(raw)"
        }
        let output = rendered.request.kind == .chat ? Int((Double(rendered.request.parameters.maxTokens) * outputRatio).rounded()) : 0
        return Item(
            request: rendered.request, task: task, promptTokens: estimator.promptTokens(of: rendered.request),
            prefixTokens: rendered.request.kind == .chat ? estimator.prefixTokens(of: rendered.request) : 0, outputTokens: output,
            estimatedInputTokens: rendered.estimatedInputTokens)
    }

    /// A request priced four ways.
    struct Priced {
        var item: Item
        var baseline: Decimal
        var batchOnly: Decimal
        var planned: Decimal
        /// Whether the plan cached its prefix (written or read).
        var cached: Bool
    }

    /// Plans one bucket as the accumulator would, chunk by chunk, and prices every request:
    /// primers first (sub-groups primed in turn), then the fan-out with what they wrote warm,
    /// through ``PlanPricer``.
    private func plan(_ items: [Item], bucket: BucketKey) throws -> [Priced] {
        let planner = BatchPlanner(priceBook: priceBook, settings: self.planner)
        var pricer = PlanPricer(priceBook: priceBook, provider: bucket.provider, model: bucket.model)
        var warmth = PrefixWarmth.cold
        var priced: [Priced] = []
        var start = 0
        while start < items.count {
            let chunk = Array(items[start..<min(start + maxRequestsPerFlush, items.count)])
            start += chunk.count
            var pending = chunk
            // Primer rounds as the accumulator sends them (sub-groups primed in turn), each
            // pricing and removing its primers, until a plan sends the rest: every request is
            // priced exactly once.
            while !pending.isEmpty {
                let plan = planner.plan(pending.map(\.input), bucket: bucket, warmth: warmth)
                let ids = Set(plan.primers.map(\.customID))
                guard !ids.isEmpty, pending.contains(where: { ids.contains($0.request.customID) }) else {
                    priced += try price(plan.requests, from: pending, prefix: plan.prefix, bucket: bucket, pricer: &pricer)
                    break
                }
                priced += try price(plan.primers, from: pending, prefix: plan.prefix, bucket: bucket, pricer: &pricer)
                pending.removeAll { ids.contains($0.request.customID) }
                // What the pipeline counts warm once a primer completes: the entries it lists
                // (on OpenAI only the keys it was sent on), or its prefix for a plan without them.
                warmth.warm.formUnion(plan.prefix.map { $0.breakpoints?.map(\.hash) ?? [$0.hash] } ?? [])
            }
        }
        return priced
    }

    /// Prices one round of planned requests (matched to their items by custom id).
    private func price(
        _ planned: [LLMRequest], from items: [Item], prefix: PlannedPrefix?, bucket: BucketKey, pricer: inout PlanPricer
    ) throws -> [Priced] {
        let byID = Dictionary(items.map { ($0.request.customID, $0) }, uniquingKeysWith: { first, _ in first })
        let round = planned.compactMap { request in byID[request.customID].map { (request, $0) } }
        let costs = try pricer.price(
            round: round.map { PlanPricer.Item(request: $0.0, promptTokens: $0.1.promptTokens, outputTokens: $0.1.outputTokens) },
            prefix: prefix)
        return try zip(round, costs).map { pair, cost in
            let item = pair.1
            let prompt = item.promptTokens
            let realtime = try priceBook.rates(provider: bucket.provider, model: bucket.model, mode: .realtime, promptTokens: prompt)
            let batch = try priceBook.rates(provider: bucket.provider, model: bucket.model, mode: .batch, promptTokens: prompt)
            return Priced(
                item: item,
                baseline: Self.perToken(prompt, realtime.input) + Self.perToken(item.outputTokens, realtime.output),
                batchOnly: Self.perToken(prompt, batch.input) + Self.perToken(item.outputTokens, batch.output),
                planned: cost.cost, cached: cost.cachedTokens > 0)
        }
    }

    static func perToken(_ tokens: Int, _ pricePerMillion: Decimal) -> Decimal {
        Decimal(tokens) * pricePerMillion / 1_000_000
    }
}

extension WorkloadEstimator.Item {
    var input: PlannerInput { PlannerInput(request: request, estimatedInputTokens: estimatedInputTokens) }
}
