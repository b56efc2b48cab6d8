import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Theoretical minimum over the prefix trie", .timeLimit(.minutes(1)))
struct CostMinimumTrieTests {
    let book: PriceBook

    init() throws {
        book = try PriceBook.bundled()
    }

    /// USD from terms in token × USD-per-million.
    func dollars(_ terms: [Double]) -> Double { terms.reduce(0, +) / 1_000_000 }

    /// A request whose estimates are exact (prompt = estimated prompt), so chain tokens are the
    /// provider's: `preamble` tokens shared by all tasks, then `own` tokens of its task.
    func input(group: String, preamble: Int, own: Int, prompt: Int, chain: Bool = true) -> MinimumCostInput {
        MinimumCostInput(
            provider: .anthropic, model: "claude-sonnet-4-5", prefixGroup: group, promptTokens: prompt, outputTokens: 100,
            estimatedPrefixTokens: preamble + own, estimatedPromptTokens: prompt,
            prefixChain: chain
                ? [PrefixTrie.Point(hash: "preamble", tokens: preamble), PrefixTrie.Point(hash: "task-" + group, tokens: preamble + own)]
                : [])
    }

    @Test("a preamble shared by three prefix groups is written once, read by every other request")
    func sharedPreambleOnce() throws {
        // Three tasks × 3 requests: 3,000 preamble + 2,000 own + 1,000 document tokens.
        let inputs = ["a", "b", "c"].flatMap { group in (0..<3).map { _ in input(group: group, preamble: 3_000, own: 2_000, prompt: 6_000) } }
        // Batch Sonnet 4.5: input 1.50, 5m write 1.875, read 0.15, output 7.50 per million.
        // Preamble: written once (3,000 × 1.875), read 8 times (3,000 × 0.15).
        // Own parts: per task written once (2,000 × 1.875), read twice (2,000 × 0.15).
        // Documents 9 × 1,000 × 1.50; output 9 × 100 × 7.50.
        let expected = dollars([3_000 * 1.875, 8 * 3_000 * 0.15, 3 * 2_000 * 1.875, 3 * 2 * 2_000 * 0.15, 9 * 1_000 * 1.50, 9 * 100 * 7.50])
        let minimum = try MinimumCost.minimum(of: inputs, priceBook: book)
        #expect(abs(NSDecimalNumber(decimal: minimum).doubleValue - expected) < 1e-9)
        // Without chains each group writes its whole prefix: the preamble three times, a higher
        // minimum that would flatter captured.
        let perGroup = try MinimumCost.minimum(
            of: ["a", "b", "c"].flatMap { group in (0..<3).map { _ in input(group: group, preamble: 3_000, own: 2_000, prompt: 6_000, chain: false) } },
            priceBook: book)
        let perGroupExpected = dollars([3 * 5_000 * 1.875, 3 * 2 * 5_000 * 0.15, 9 * 1_000 * 1.50, 9 * 100 * 7.50])
        #expect(abs(NSDecimalNumber(decimal: perGroup).doubleValue - perGroupExpected) < 1e-9)
        #expect(minimum < perGroup)
    }

    @Test("a prefix one request uses, or under the minimum, is not cached; a lone group matches the per-group minimum")
    func notCached() throws {
        // One request per task: only the preamble is shared (3 requests), own parts are not.
        let three = ["a", "b", "c"].map { input(group: $0, preamble: 3_000, own: 2_000, prompt: 6_000) }
        let expected = dollars([3_000 * 1.875, 2 * 3_000 * 0.15, 3 * 3_000 * 1.50, 3 * 100 * 7.50])
        #expect(abs(NSDecimalNumber(decimal: try MinimumCost.minimum(of: three, priceBook: book)).doubleValue - expected) < 1e-9)
        // A 600-token preamble is under Sonnet's 1,024: only the task prefixes (2,600) count.
        let short = ["a", "b"].flatMap { group in (0..<2).map { _ in input(group: group, preamble: 600, own: 2_000, prompt: 3_600) } }
        let shortExpected = dollars([2 * 2_600 * 1.875, 2 * 2_600 * 0.15, 4 * 1_000 * 1.50, 4 * 100 * 7.50])
        #expect(abs(NSDecimalNumber(decimal: try MinimumCost.minimum(of: short, priceBook: book)).doubleValue - shortExpected) < 1e-9)
        // One group alone: the same figure with or without its chain.
        let one = (0..<4).map { _ in input(group: "a", preamble: 3_000, own: 2_000, prompt: 6_000) }
        let oneFlat = (0..<4).map { _ in input(group: "a", preamble: 3_000, own: 2_000, prompt: 6_000, chain: false) }
        #expect(try MinimumCost.minimum(of: one, priceBook: book) == MinimumCost.minimum(of: oneFlat, priceBook: book))
    }

    @Test("single-block requests: the common leading part of final blocks counts as cacheable")
    func singleBlockChains() throws {
        let instructions = (0..<100).map { "Rule \($0): report every field of the document carefully and exactly." }.joined(separator: "\n")
        let requests = (0..<5).map {
            LLMRequest.chat(customID: "s\($0)", model: "claude-sonnet-4-5", system: [], messages: [.user(instructions + "\n\nDocument \($0).")])
        }
        let chains = PrefixAnalysis.chains(of: requests, minimumTokens: 1_024)
        #expect(chains.allSatisfy { $0.count == 1 && $0[0].hash == chains[0][0].hash })
        #expect(chains[0][0].tokens == (instructions.count + 2 + 3) / 4)
        let inputs = requests.indices.map { index in
            MinimumCostInput(
                provider: .anthropic, model: "claude-sonnet-4-5", prefixGroup: RequestRenderer.prefixGroup(of: requests[index]),
                promptTokens: TokenEstimator.standard.promptTokens(of: requests[index]), outputTokens: 50, estimatedPrefixTokens: 0,
                estimatedPromptTokens: TokenEstimator.standard.promptTokens(of: requests[index]), prefixChain: chains[index])
        }
        let flat = inputs.map { var copy = $0; copy.prefixChain = []; return copy }
        #expect(try MinimumCost.minimum(of: inputs, priceBook: book) < MinimumCost.minimum(of: flat, priceBook: book))
    }
}
