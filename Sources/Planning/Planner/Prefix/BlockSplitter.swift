import Foundation

/// Finds long common leading texts among blocks that sit at the same position but differ
/// ("<long instructions>\n\n<document>" sent as one block), so each such block can be split into
/// [common][rest] and a cache breakpoint can sit at the end of [common].
///
/// Cost is what keeps this usable on 100k-request buckets: instead of sorting the texts (each
/// comparison rescans the shared text), every text is compared once with a reference text, word
/// by word, which is one linear pass over the shared bytes per request. The longest common prefix
/// with the reference splits the texts into one cluster (the texts that share the reference's
/// leading part) and the rest, which get another round with a reference of their own.
enum BlockSplitter {
    /// Texts sharing one leading part.
    struct Cluster: Sendable, Hashable {
        /// Indices into the texts given, ascending.
        var members: [Int]
        /// Length in UTF-8 bytes of the common part, cut at a paragraph, line or whitespace
        /// boundary (after the separator), so each member's text starts with exactly these bytes.
        var cut: Int
        /// The common part.
        var common: String
    }

    /// At most this many clusters per position: each needs its own entry, primer and breakpoint
    /// (Anthropic allows 4 per request, but one request belongs to one cluster only).
    static let maximumClusters = 8
    /// References tried per round before giving up: the first text may be the one outlier.
    static let referencesPerRound = 3
    /// How far back from the longest common prefix a boundary is looked for, in bytes; beyond it
    /// the common part is not split at all (a cut inside a word or token would not be shared by
    /// the provider's tokenizer the same way).
    static let snapWindow = 4_096

    /// Clusters of `texts` sharing at least `minimumBytes` leading bytes, each with at least two
    /// members, largest shared volume first.
    /// - Parameters:
    ///   - texts: the blocks' texts, one per request.
    ///   - minimumBytes: the shortest common part worth a split.
    static func clusters(of texts: [String], minimumBytes: Int) -> [Cluster] {
        guard texts.count >= 2 else { return [] }
        var remaining = Array(texts.indices)
        var result: [Cluster] = []
        while remaining.count >= 2, result.count < maximumClusters {
            var found: Cluster?
            var lengths: [Int] = []
            for reference in referenceCandidates(remaining) {
                lengths = withBytes(texts[reference]) { ref in
                    remaining.map { index in index == reference ? ref.count : withBytes(texts[index]) { commonPrefixLength($0, ref) } }
                }
                // The usual case, nothing shared: skip the sort.
                var longest = 0
                for (position, index) in remaining.enumerated() where index != reference { longest = max(longest, lengths[position]) }
                guard longest >= minimumBytes else { continue }
                guard let cluster = best(remaining, lengths: lengths, reference: texts[reference], minimumBytes: minimumBytes) else {
                    continue
                }
                found = cluster
                break
            }
            guard let cluster = found else { break }
            result.append(cluster)
            let taken = Set(cluster.members)
            remaining.removeAll { taken.contains($0) }
        }
        return result
    }

    /// The first, middle and last of `remaining` (distinct), in that order.
    static func referenceCandidates(_ remaining: [Int]) -> [Int] {
        var picks: [Int] = []
        for position in [0, remaining.count / 2, remaining.count - 1].prefix(referencesPerRound) where !picks.contains(remaining[position]) {
            picks.append(remaining[position])
        }
        return picks
    }

    /// The cluster around one reference that shares the most bytes in total: the `k` texts with
    /// the longest common prefixes with the reference, `k` chosen to maximise `(k − 1) × L(k)`
    /// (what the other members would read rather than pay for), `L(k)` then snapped back.
    private static func best(
        _ remaining: [Int], lengths: [Int], reference: String, minimumBytes: Int
    ) -> Cluster? {
        let sorted = lengths.sorted(by: >)
        var bestLength = 0
        var bestValue = 0
        for k in 2...sorted.count where sorted[k - 1] >= minimumBytes {
            let value = (k - 1) * sorted[k - 1]
            if value > bestValue {
                bestValue = value
                bestLength = sorted[k - 1]
            }
        }
        guard bestValue > 0, let cut = withBytes(reference, { snap($0, length: bestLength) }), cut >= minimumBytes else {
            return nil
        }
        let members = remaining.indices.filter { lengths[$0] >= cut }.map { remaining[$0] }
        guard members.count >= 2 else { return nil }
        let common = withBytes(reference) { String(decoding: UnsafeBufferPointer(rebasing: $0[..<cut]), as: UTF8.self) }
        return Cluster(members: members, cut: cut, common: common)
    }

    /// The end of the last paragraph break (`\n\n`), else line break, else space or tab, at or
    /// before `length` within ``snapWindow``; `nil` if none.
    static func snap(_ text: UnsafeBufferPointer<UInt8>, length: Int) -> Int? {
        let end = min(length, text.count)
        let start = max(0, end - snapWindow)
        guard end > start else { return nil }
        let newline = UInt8(ascii: "\n")
        var lastLine: Int?
        var lastSpace: Int?
        var index = end - 1
        while index >= start {
            let byte = text[index]
            if byte == newline {
                if index > 0, text[index - 1] == newline { return index + 1 }
                if lastLine == nil { lastLine = index + 1 }
            } else if lastSpace == nil, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                lastSpace = index + 1
            }
            index -= 1
        }
        return lastLine ?? lastSpace
    }

    /// Bytes compared per `memcmp` call before narrowing down to the first difference.
    static let stride = 512

    /// Length of the common prefix of `a` and `b` in bytes: `memcmp` over long strides (shared
    /// instructions run to tens of kilobytes), then eight bytes at a time, then one.
    static func commonPrefixLength(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let limit = min(a.count, b.count)
        guard limit > 0, let leftBase = a.baseAddress, let rightBase = b.baseAddress else { return 0 }
        let left = UnsafeRawBufferPointer(a)
        let right = UnsafeRawBufferPointer(b)
        var index = 0
        while index + stride <= limit, memcmp(leftBase + index, rightBase + index, stride) == 0 { index += stride }
        while index + 8 <= limit,
            left.loadUnaligned(fromByteOffset: index, as: UInt64.self) == right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        {
            index += 8
        }
        while index < limit, left[index] == right[index] { index += 1 }
        return index
    }

    /// Runs `body` over `text`'s UTF-8 bytes without copying them (native strings are contiguous).
    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
