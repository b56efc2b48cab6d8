import Foundation
import Providers

extension BatchPlanner {
    /// One prefix the plan caches: a block boundary of the shared part, or a split-off common
    /// part of final blocks.
    struct ChosenNode: Hashable {
        enum Place: Hashable {
            /// A link of the shared chain (index into ``PrefixChain/links``).
            case link(Int)
            /// A split (index into ``GroupPrefixAnalysis/splits``).
            case split(Int)
        }

        var place: Place
        var hash: String
        var tokens: Int
        var ttl: CacheMark
        var members: Int
        var warm: Bool
        var primer: Bool
    }

    /// What the planner does with one prefix group.
    struct GroupPlan {
        var requests: [LLMRequest]
        var primers: [LLMRequest]
        var prefix: PlannedPrefix?
    }

    /// Plans one prefix group of a bucket.
    ///
    /// Candidates are the trie nodes of the group: the end of the shared part (every request),
    /// each split-off common part of final blocks (its cluster), and, on Anthropic, earlier block
    /// boundaries of the shared part that requests outside the plan also run through (a preamble
    /// other buckets share) or that are warm already. Each gets a breakpoint only where its
    /// expected reads outweigh its write premium (``CacheEconomics/verdict(members:later:warm:ttl:)``),
    /// with the 1-hour TTL when readers outside the plan come later and the timing TTL
    /// (``PlannerSettings/ttl``) otherwise.
    func planGroup(
        _ inputs: [PlannerInput], hash: String, bucket: BucketKey, warmth: PrefixWarmth, warmAll: Bool, primes: Bool
    ) -> GroupPlan {
        let provider = bucket.provider
        var uncached: GroupPlan {
            GroupPlan(requests: inputs.map { self.applyNodes([], to: $0.request, provider: provider, key: nil) }, primers: [], prefix: nil)
        }
        guard bucket.kind == .chat, !inputs.isEmpty,
            let facts = try? priceBook.facts(provider: provider, model: bucket.model),
            let economics = CacheEconomics(
                priceBook: priceBook, provider: provider, model: bucket.model,
                promptTokens: inputs.map(\.estimatedInputTokens).max() ?? 0, settings: settings)
        else { return uncached }
        // The margin guards a write premium (see ``decide(_:provider:model:kind:warm:)``); where
        // writes cost no more than input a short prefix costs only the primer's wait.
        let margin = economics.write5m > economics.input ? settings.minimumLengthMargin : 1
        let minimumTokens = Double(facts.minCacheableTokens ?? Self.defaultMinCacheableTokens) * margin
        var finals: [String] = []
        finals.reserveCapacity(inputs.count)
        for input in inputs { finals.append(input.request.messages.last?.content.last?.text ?? "") }
        let analysis = GroupPrefixAnalysis(first: inputs[0].request, finals: finals, estimator: estimator, minimumTokens: minimumTokens)
        func isWarm(_ hash: String) -> Bool { warmAll || warmth.isWarm(hash) }
        func ttl(later: Int) -> CacheMark { provider == .anthropic ? (later > 0 ? .oneHour : settings.ttl) : .fiveMinutes }

        // The end of the shared part: every request of the group runs through it.
        var chosen: [ChosenNode] = []
        var deepest: ChosenNode?
        let links = analysis.chain.links
        if let last = links.indices.last {
            let tokens = estimator.tokens(characters: links[last].cumulativeCharacters)
            let later = warmth.laterReaders[links[last].hash] ?? 0
            let node = ChosenNode(
                place: .link(last), hash: links[last].hash, tokens: tokens, ttl: ttl(later: later), members: inputs.count,
                warm: isWarm(links[last].hash), primer: false)
            let verdict = economics.verdict(members: inputs.count, later: later, warm: node.warm, ttl: node.ttl)
            if tokens > 0, Double(tokens) >= minimumTokens, verdict.cache {
                deepest = node
                deepest?.primer = verdict.primer
            }
        }
        // Split-off common parts of final blocks: their clusters.
        var splitNodes: [Int: ChosenNode] = [:]
        for (index, split) in analysis.splits.enumerated() {
            let tokens = estimator.tokens(characters: split.cumulativeCharacters)
            let later = warmth.laterReaders[split.hash] ?? 0
            let members = split.cluster.members.count
            var node = ChosenNode(
                place: .split(index), hash: split.hash, tokens: tokens, ttl: ttl(later: later), members: members,
                warm: isWarm(split.hash), primer: false)
            let verdict = economics.verdict(members: members, later: later, warm: node.warm, ttl: node.ttl)
            guard Double(tokens) >= minimumTokens, verdict.cache else { continue }
            node.primer = verdict.primer
            splitNodes[index] = node
        }
        // Earlier boundaries (Anthropic marks only): a shallower prefix read by more requests
        // outside the plan than the deeper one, or warm where the deeper one is cold.
        var earlier: [ChosenNode] = []
        if provider == .anthropic, links.count >= 2 {
            var level = deepest.map { warmth.laterReaders[$0.hash] ?? 0 } ?? 0
            let deeperWarm = deepest?.warm ?? false
            let room = Self.anthropicMaxBreakpoints - (deepest == nil ? 0 : 1) - (splitNodes.isEmpty ? 0 : 1)
            for index in stride(from: links.count - 2, through: 0, by: -1) where earlier.count < room {
                let link = links[index]
                let tokens = estimator.tokens(characters: link.cumulativeCharacters)
                guard Double(tokens) >= minimumTokens else { break }
                let later = warmth.laterReaders[link.hash] ?? 0
                let warm = isWarm(link.hash)
                guard later > level || (warm && !deeperWarm) else { continue }
                let node = ChosenNode(
                    place: .link(index), hash: link.hash, tokens: tokens, ttl: .oneHour, members: inputs.count, warm: warm,
                    primer: false)
                // The deeper breakpoint writes these tokens anyway: the marginal cost is the
                // 1-hour premium over its TTL, against the reads of the extra readers.
                let marginal = deepest.map { economics.premium(node.ttl) - economics.premium($0.ttl) } ?? economics.premium(node.ttl)
                guard warm || marginal < Decimal(later - level) * economics.readSaving else { continue }
                earlier.append(node)
                level = max(level, later)
            }
        }
        chosen = earlier.reversed() + (deepest.map { [$0] } ?? [])
        guard !chosen.isEmpty || !splitNodes.isEmpty else { return uncached }

        // 1-hour entries must precede 5-minute ones: a shallower node takes the longest TTL
        // below it (paying the 1-hour premium is cheaper than an invalid request).
        let anyLongSplit = splitNodes.values.contains { $0.ttl.ttl == .oneHour }
        var longBelow = anyLongSplit
        for index in chosen.indices.reversed() {
            if longBelow { chosen[index].ttl = .oneHour }
            if chosen[index].ttl.ttl == .oneHour { longBelow = true }
        }
        if deepest != nil { deepest = chosen.last }

        // Primers: with the shared part cold, one (from the largest cold cluster, so it writes
        // that cluster's part too); the other clusters wait for the next round, when the shared
        // part is warm and each cold one gets its own primer in one batch.
        let coldSplits = splitNodes.filter { !$0.value.warm && $0.value.primer }.sorted { $0.key < $1.key }
        let largestColdSplit = coldSplits.max { $0.value.members < $1.value.members }?.key
        let sharedPartCold = deepest.map { !$0.warm && $0.primer } ?? false
        var primerIndices: [Int] = []
        if sharedPartCold {
            primerIndices = [largestColdSplit.map { analysis.splits[$0].cluster.members[0] } ?? 0]
        } else {
            primerIndices = coldSplits.map { analysis.splits[$0.key].cluster.members[0] }
        }

        // Apply, members of one cluster together (journal order within), so that a cluster's
        // requests land in one batch and, on OpenAI, on the machines of one cache key.
        var order = Array(inputs.indices)
        if !analysis.splits.isEmpty {
            order.sort { (analysis.splitOf[$0] ?? Int.max, $0) < (analysis.splitOf[$1] ?? Int.max, $1) }
        }
        // OpenAI: each cached prefix's requests spread over keys its routing can serve warm,
        // with a primer per cold key (the same choice of what primes first as above).
        var routing: OpenAIRouting?
        if provider == .openai {
            var clusters: [Int: [Int]] = [:]
            var rest: [Int] = []
            for index in order {
                if let split = analysis.splitOf[index], splitNodes[split] != nil {
                    clusters[split, default: []].append(index)
                } else {
                    rest.append(index)
                }
            }
            var groups: [RouteGroup] = deepest.map { [RouteGroup(key: hash, members: rest, node: $0)] } ?? []
            for (split, members) in clusters.sorted(by: { $0.key < $1.key }) {
                guard let node = splitNodes[split] else { continue }
                groups.append(RouteGroup(key: node.hash, members: members, node: node))
            }
            var only: String?
            if sharedPartCold {
                only = largestColdSplit.flatMap { splitNodes[$0]?.hash } ?? (rest.isEmpty ? groups.first?.key : hash)
            }
            let routed = openAIRouting(groups, only: only, primes: primes, isWarm: isWarm) { warmth.keyLoad[$0] ?? 0 }
            primerIndices = routed.primers
            routing = routed
        }
        // The shared part's marks are the same for every request: built once.
        let pathMarks = chosen.map { node -> (CacheSlot, CacheMark) in
            guard case .link(let link) = node.place else { preconditionFailure("chosen holds shared-part links only") }
            return (links[link].slot, node.ttl)
        }
        let pathKey = deepest.map { _ in hash }
        func planned(_ index: Int) -> LLMRequest {
            guard let split = analysis.splitOf[index], let node = splitNodes[split] else {
                return applyNodes(pathMarks, to: inputs[index].request, provider: provider, key: routing?.keys[index] ?? pathKey)
            }
            // Anthropic caches at block boundaries with marks, and Gemini's implicit cache (as the
            // emulator models it) at part boundaries: both need the common part as a block of its
            // own. OpenAI caches by token prefix and needs no split.
            var request = inputs[index].request
            if provider != .openai { request = GroupPrefixAnalysis.splitting(request, at: analysis.splits[split]) }
            // The common part's block: the one before the rest, or the whole final block when it
            // is the common part exactly (not split).
            let finalCount = request.messages.last?.content.count ?? 1
            let wasSplit = finalCount != (inputs[index].request.messages.last?.content.count ?? 1)
            let commonSlot = CacheSlot(place: .message(request.messages.count - 1, finalCount - (wasSplit ? 2 : 1)))
            return applyNodes(pathMarks + [(commonSlot, node.ttl)], to: request, provider: provider, key: routing?.keys[index] ?? node.hash)
        }
        // A primer plan lists only the entries its primers write: once they complete, those are
        // what the caller may count warm.
        let priming = primes && !primerIndices.isEmpty
        let primedSplits = Set(primerIndices.compactMap { analysis.splitOf[$0] })
        let primedKeys = Set(primerIndices.compactMap { routing?.keys[$0] })
        var breakpoints =
            chosen.map { PlannedBreakpoint(hash: $0.hash, estimatedTokens: $0.tokens, ttl: $0.ttl, requestCount: $0.members) }
            + splitNodes.sorted { $0.key < $1.key }.filter { !priming || primedSplits.contains($0.key) }.map {
                PlannedBreakpoint(hash: $0.value.hash, estimatedTokens: $0.value.tokens, ttl: $0.value.ttl, requestCount: $0.value.members)
            }
        // OpenAI caches per machine, and the key routes: what a primer warms is its own key only.
        if let routing { breakpoints = routing.breakpoints.filter { !priming || primedKeys.contains($0.hash) } }
        let main = deepest ?? splitNodes.values.max { ($0.members, $0.tokens) < ($1.members, $1.tokens) }
        let prefix = main.map {
            PlannedPrefix(
                hash: hash, estimatedTokens: $0.tokens, ttl: $0.ttl, requestCount: deepest == nil ? $0.members : inputs.count,
                warmSeconds: self.extendedRetention(provider, model: bucket.model) ? Self.extendedRetentionWarmSeconds : nil,
                breakpoints: breakpoints)
        }
        if primes, !primerIndices.isEmpty {
            return GroupPlan(requests: [], primers: primerIndices.map(planned), prefix: prefix)
        }
        return GroupPlan(requests: order.map(planned), primers: [], prefix: prefix)
    }

    /// `request` as sent with breakpoints `marks` (empty: nothing cached): Anthropic marks,
    /// OpenAI's `prompt_cache_key` (`key`, the deepest cached prefix's hash) and retention, no
    /// marks on Gemini.
    func applyNodes(_ marks: [(CacheSlot, CacheMark)], to request: LLMRequest, provider: Provider, key: String?) -> LLMRequest {
        guard request.kind == .chat else { return request }
        switch provider {
        case .anthropic:
            return Self.anthropicMarked(request, planned: marks)
        case .openai:
            return openAIArranged(request, key: marks.isEmpty ? nil : key)
        case .gemini:
            return request.withoutCacheMarks
        }
    }

    /// An OpenAI request as sent: no marks; with a `key` (its prefix is cached), that
    /// `prompt_cache_key` and 24-hour retention where the model takes it.
    func openAIArranged(_ request: LLMRequest, key: String?) -> LLMRequest {
        var result = request.withoutCacheMarks
        if let key {
            result.promptCacheKey = key
            if self.extendedRetention(.openai, model: request.model) { result.promptCacheRetention = "24h" }
        }
        return result
    }
}
