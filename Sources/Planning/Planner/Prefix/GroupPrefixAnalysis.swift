package import Providers

/// The prefix structure of one prefix group: the chain of the part every request shares, and the
/// clusters of final blocks that share a long leading text (``BlockSplitter``).
///
/// A group's requests share everything but the final block by construction (the renderer's
/// prefix group), so the shared chain is hashed once, from the first request, and only the final
/// blocks are looked at per request: what keeps planning 100k requests well under a second.
struct GroupPrefixAnalysis: Sendable {
    /// A cluster of final blocks and the prefix node its common part makes.
    struct Split: Sendable, Hashable {
        /// The members (indices into the group) and the common part.
        var cluster: BlockSplitter.Cluster
        /// The chain hash of the shared part followed by the common part as a block of its own.
        var hash: String
        /// Characters from the start of the prompt through the common part.
        var cumulativeCharacters: Int
    }

    /// The shared part's chain.
    var chain: PrefixChain
    /// Clusters of final blocks with a common leading part worth a split.
    var splits: [Split]
    /// For each request of the group, the index of its split, if any.
    var splitOf: [Int?]

    /// Final blocks sharing fewer estimated tokens than this are not split: the split costs an
    /// extra block, an entry, a primer and a breakpoint, for little to read.
    static let minimumSplitTokens = 256

    /// Analyses `requests`, which share one prefix group.
    /// - Parameters:
    ///   - requests: the group's requests (chat).
    ///   - estimator: how characters become tokens.
    ///   - minimumTokens: the prefix length, in estimated tokens, from which a prefix is cacheable
    ///     (the model's minimum with the planner's margin): a split is looked for only where the
    ///     shared part plus the common part can reach it.
    init(_ requests: [LLMRequest], estimator: TokenEstimator, minimumTokens: Double) {
        self.init(
            first: requests[0], finals: requests.map { $0.kind == .chat ? ($0.messages.last?.content.last?.text ?? "") : "" },
            estimator: estimator, minimumTokens: minimumTokens)
    }

    /// Analyses a group given its first request and every request's final block text (what the
    /// planner extracts without copying whole requests).
    init(first: LLMRequest, finals: [String], estimator: TokenEstimator, minimumTokens: Double) {
        let chain = PrefixChain(of: first)
        self.chain = chain
        let characters = chain.characters
        let needed = Int((minimumTokens * estimator.charactersPerToken).rounded(.up)) - characters
        let minimumBytes = max(Int((Double(Self.minimumSplitTokens) * estimator.charactersPerToken).rounded(.up)), needed)
        var splitOf = [Int?](repeating: nil, count: finals.count)
        var splits: [Split] = []
        for cluster in BlockSplitter.clusters(of: finals, minimumBytes: minimumBytes) {
            for member in cluster.members { splitOf[member] = splits.count }
            splits.append(
                Split(cluster: cluster, hash: chain.extended(with: cluster.common), cumulativeCharacters: characters + cluster.common.count))
        }
        self.splits = splits
        self.splitOf = splitOf
    }

    /// The chain points of request `index`: the shared links, then its split's common part.
    func points(of index: Int, estimator: TokenEstimator) -> [PrefixTrie.Point] {
        var points = chain.links.map { PrefixTrie.Point(hash: $0.hash, tokens: estimator.tokens(characters: $0.cumulativeCharacters)) }
        if let split = splitOf[index] {
            points.append(PrefixTrie.Point(hash: splits[split].hash, tokens: estimator.tokens(characters: splits[split].cumulativeCharacters)))
        }
        return points
    }

    /// `request` with its final block cut into [common][rest] at `split`'s cut, the rest keeping
    /// any mark the block had; unchanged when the block is the common part exactly.
    static func splitting(_ request: LLMRequest, at split: Split) -> LLMRequest {
        guard let message = request.messages.indices.last, let last = request.messages[message].content.indices.last,
            let text = request.messages[message].content[last].text
        else { return request }
        let cut = split.cluster.cut
        guard cut < text.utf8.count else { return request }
        // The cut follows ASCII whitespace, a scalar boundary: the slice copies without re-validating.
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: cut)
        let rest = String(text[start...])
        var result = request
        let mark = request.messages[message].content[last].cache
        result.messages[message].content.replaceSubrange(last...last, with: [.text(split.cluster.common), .text(rest, cache: mark)])
        return result
    }
}

/// Prefix analysis over any set of requests, for the theoretical minimum and diagnostics.
package enum PrefixAnalysis {
    /// The chain hashes of `request`'s shared part, shortest prefix first; the last is its prefix
    /// group. What the accumulator compares across buckets to find a shared preamble.
    package static func chainHashes(of request: LLMRequest) -> [String] {
        request.kind == .chat ? PrefixChain(of: request).links.map(\.hash) : []
    }

    /// Each request's chain points (shared part per prefix group, then the common leading part of
    /// its final block where it has one with others of its group), in the order given.
    /// - Parameters:
    ///   - requests: chat requests of one provider model (others get empty chains).
    ///   - estimator: how characters become tokens.
    ///   - minimumTokens: the model's minimum cacheable length.
    package static func chains(of requests: [LLMRequest], estimator: TokenEstimator = .standard, minimumTokens: Int) -> [[PrefixTrie.Point]] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, request) in requests.enumerated() where request.kind == .chat {
            let hash = RequestRenderer.prefixGroup(of: request)
            if groups[hash] == nil { order.append(hash) }
            groups[hash, default: []].append(index)
        }
        var result = [[PrefixTrie.Point]](repeating: [], count: requests.count)
        for hash in order {
            let members = groups[hash] ?? []
            let analysis = GroupPrefixAnalysis(members.map { requests[$0] }, estimator: estimator, minimumTokens: Double(minimumTokens))
            for (position, index) in members.enumerated() {
                result[index] = analysis.points(of: position, estimator: estimator)
            }
        }
        return result
    }
}
