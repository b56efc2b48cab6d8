/// A trie of request chains: per node (a chain hash, i.e. one prefix) how many requests run
/// through it and how long the prefix is, so every prefix shared by at least two requests, across
/// prefix groups and buckets, is visible once.
package struct PrefixTrie: Sendable {
    /// One point of a chain: the prefix's hash and its cumulative (estimated) tokens.
    package struct Point: Sendable, Hashable {
        package var hash: String
        package var tokens: Int

        package init(hash: String, tokens: Int) {
            self.hash = hash
            self.tokens = tokens
        }
    }

    /// One prefix.
    package struct Node: Sendable, Hashable {
        /// The chain hash.
        package var hash: String
        /// Index of the parent node (the prefix one block shorter on the chain), if any.
        package var parent: Int?
        /// Cumulative tokens of the prefix.
        package var tokens: Int
        /// Requests whose chain runs through it.
        package var requestCount: Int
    }

    /// Nodes in insertion order; parents precede children.
    package private(set) var nodes: [Node] = []
    private var index: [String: Int] = [:]

    /// An empty trie.
    package init() {}

    /// Adds `count` requests whose chain is `chain` (shortest prefix first).
    /// - Returns: the node indices of the chain.
    @discardableResult
    package mutating func insert(_ chain: [Point], count: Int = 1) -> [Int] {
        var parent: Int?
        var path: [Int] = []
        path.reserveCapacity(chain.count)
        for point in chain {
            if let existing = index[point.hash] {
                nodes[existing].requestCount += count
                parent = existing
            } else {
                nodes.append(Node(hash: point.hash, parent: parent, tokens: point.tokens, requestCount: count))
                index[point.hash] = nodes.count - 1
                parent = nodes.count - 1
            }
            path.append(parent!)
        }
        return path
    }

    /// The node of `hash`, if inserted.
    package func node(_ hash: String) -> Node? { index[hash].map { nodes[$0] } }

    /// Every prefix worth caching: shared by at least two requests and at least `minimumTokens`
    /// long, shortest first along each chain.
    package func sharedPrefixes(minimumTokens: Int) -> [Node] {
        nodes.filter { $0.requestCount >= 2 && $0.tokens >= minimumTokens }
    }
}
