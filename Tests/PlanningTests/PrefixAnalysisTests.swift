import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Prefix analysis: chains, the trie, block splitting", .timeLimit(.minutes(1)))
struct PrefixAnalysisTests {
    /// About 3k estimated tokens of shared company text.
    let preamble = String(repeating: "Acme house rules: cite sources, never guess amounts, write plain English. ", count: 160)

    func instructions(_ task: String, paragraphs: Int) -> String {
        (0..<paragraphs).map { "Task \(task), rule \($0): read the document and report every field carefully." }.joined(separator: "\n")
    }

    @Test("the last link of a request's chain is its prefix group; every block boundary has its own hash")
    func chainMatchesPrefixGroup() {
        let request = LLMRequest.chat(
            customID: "a", model: "claude-sonnet-4-5", system: [.text(preamble), .text("Classify.")],
            messages: [ChatMessage(role: .user, content: [.text("Labels: a, b."), .text("Document 1")])])
        let chain = PrefixChain(of: request)
        #expect(chain.links.count == 3)
        #expect(chain.links.last?.hash == RequestRenderer.prefixGroup(of: request))
        #expect(Set(chain.links.map(\.hash)).count == 3)
        #expect(chain.characters == preamble.count + "Classify.".count + "Labels: a, b.".count)
        #expect(PrefixAnalysis.chainHashes(of: request) == chain.links.map(\.hash))
        // The same preamble under another task reaches the same first hash, and no other.
        var other = request
        other.system[1] = .text("Extract.")
        let otherChain = PrefixChain(of: other)
        #expect(otherChain.links[0].hash == chain.links[0].hash)
        #expect(otherChain.links[1].hash != chain.links[1].hash)
        // A split-off leading part hashes like a separate block of that text.
        var separate = request
        separate.messages[0].content = [.text("Labels: a, b."), .text("Doc"), .text("ument 1")]
        #expect(chain.extended(with: "Doc") == PrefixChain(of: separate).links.last?.hash)
    }

    @Test("the trie counts a preamble shared by three tasks once, with every request through it")
    func trieSharedPreamble() throws {
        var trie = PrefixTrie()
        var requests: [LLMRequest] = []
        for task in ["classify", "extract", "summarize"] {
            for document in 0..<4 {
                requests.append(
                    LLMRequest.chat(
                        customID: "\(task)\(document)", model: "claude-sonnet-4-5",
                        system: [.text(preamble), .text(instructions(task, paragraphs: 40))],
                        messages: [.user("Document \(document) for \(task)")]))
            }
        }
        let chains = PrefixAnalysis.chains(of: requests, minimumTokens: 1_024)
        for chain in chains { trie.insert(chain) }
        #expect(trie.nodes.count == 4)  // the preamble, then one node per task
        let shared = trie.sharedPrefixes(minimumTokens: 1_024)
        #expect(shared.count == 4)
        let root = try #require(trie.node(chains[0][0].hash))
        #expect(root.requestCount == 12)
        #expect(root.tokens == (preamble.count + 3) / 4)
        #expect(trie.node(chains[0][1].hash)?.requestCount == 4)
        #expect(trie.node(chains[0][1].hash)?.parent == 0)
        // A longer minimum leaves only the task prefixes (preamble + instructions).
        #expect(trie.sharedPrefixes(minimumTokens: 3_500).count == 3)
    }

    @Test("final blocks sharing long instructions split at the paragraph boundary, two families apart")
    func splitterFamilies() throws {
        let a = instructions("A", paragraphs: 60) + "\n\nINPUT:\n\n"
        let b = instructions("B", paragraphs: 50) + "\n\n"
        var texts: [String] = []
        for index in 0..<6 {
            texts.append(a + "Document \(index): invoice of \(index * 7) EUR.")
            texts.append(b + "Document \(index + 100): a contract.")
        }
        texts.append("A lone request with nothing in common.")
        let clusters = BlockSplitter.clusters(of: texts, minimumBytes: 1_024)
        #expect(clusters.count == 2)
        let first = try #require(clusters.first)
        #expect(first.members == [0, 2, 4, 6, 8, 10])
        #expect(first.common == a)
        #expect(first.cut == a.utf8.count)
        #expect(clusters.last?.members == [1, 3, 5, 7, 9, 11])
        #expect(clusters.last?.common == b)
        // Nothing long enough in common: no cluster.
        #expect(BlockSplitter.clusters(of: ["Document 1: x", "Document 2: y"], minimumBytes: 1_024).isEmpty)
        // The first text may be the outlier: another reference finds the family.
        #expect(BlockSplitter.clusters(of: ["odd one"] + texts.prefix(4), minimumBytes: 1_024).map(\.members) == [[2, 4], [1, 3]])
    }

    @Test("the common prefix length is exact at every position, across memcmp strides and word boundaries")
    func commonPrefixLength() {
        let base = String(repeating: "abcdefghij", count: 300)  // 3,000 bytes
        func length(_ a: String, _ b: String) -> Int {
            BlockSplitter.withBytes(a) { left in BlockSplitter.withBytes(b) { BlockSplitter.commonPrefixLength(left, $0) } }
        }
        for position in [0, 1, 7, 8, 9, 511, 512, 513, 1_023, 1_024, 2_999] {
            var bytes = Array(base.utf8)
            bytes[position] = UInt8(ascii: "#")
            #expect(length(base, String(decoding: bytes, as: UTF8.self)) == position, "difference at \(position)")
        }
        #expect(length(base, base) == 3_000)
        #expect(length(base, String(base.prefix(1_500))) == 1_500)
        #expect(length("", base) == 0)
    }

    @Test("a cut snaps back to a line, then a space, and never splits inside a word")
    func snapping() {
        func snap(_ text: String, _ length: Int) -> Int? { BlockSplitter.withBytes(text) { BlockSplitter.snap($0, length: length) } }
        #expect(snap("one two\nthree\n\nfour five", 22) == 15)  // after the blank line
        #expect(snap("one two\nthree four", 16) == 8)  // after the line break
        #expect(snap("one two three", 11) == 8)  // after the space
        #expect(snap("onetwothree", 9) == nil)
        // Common text ending mid-word ("... document 17" vs "... document 28"): the cut goes back
        // to the last line break, before the partial line.
        let clusters = BlockSplitter.clusters(
            of: [instructions("C", paragraphs: 30) + " document 17", instructions("C", paragraphs: 30) + " document 28"], minimumBytes: 100)
        #expect(clusters.first?.common == instructions("C", paragraphs: 29) + "\n")
    }

    @Test("splitting a final block keeps its text and its producer mark on the rest")
    func splitting() throws {
        let common = instructions("A", paragraphs: 30) + "\n\n"
        let requests = (0..<3).map {
            LLMRequest.chat(
                customID: "s\($0)", model: "claude-sonnet-4-5", system: [.text("Short.")],
                messages: [ChatMessage(role: .user, content: [.text(common + "Document \($0)", cache: .fiveMinutes)])])
        }
        let analysis = GroupPrefixAnalysis(requests, estimator: .standard, minimumTokens: 100)
        let split = try #require(analysis.splits.first)
        #expect(analysis.splitOf == [0, 0, 0])
        let cut = GroupPrefixAnalysis.splitting(requests[1], at: split)
        #expect(cut.messages[0].content.map(\.text) == [common, "Document 1"])
        #expect(cut.messages[0].content.map(\.cache) == [nil, .fiveMinutes])
        #expect(PrefixChain(of: cut).links.last?.hash == split.hash)
        #expect(analysis.points(of: 2, estimator: .standard).map(\.hash) == [analysis.chain.links[0].hash, split.hash])
    }

    @Test("finding clusters in 20,000 final blocks with 8 kB of common instructions takes well under a second")
    func splitterSpeed() {
        let common = instructions("S", paragraphs: 100) + "\n\n"
        let texts = (0..<20_000).map { common + "Document \($0): " + String(repeating: "text ", count: 200) }
        let clock = ContinuousClock()
        var clusters: [BlockSplitter.Cluster] = []
        let elapsed = clock.measure { clusters = BlockSplitter.clusters(of: texts, minimumBytes: 1_024) }
        #expect(clusters.count == 1 && clusters[0].members.count == 20_000)
        #expect(elapsed < .seconds(2))  // debug build; release is about 10× faster
    }
}
