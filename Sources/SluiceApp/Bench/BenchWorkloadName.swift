/// The savings benchmark's workloads (issue 5, item 7).
package enum BenchWorkloadName: String, Sendable, Hashable, CaseIterable, Codable {
    /// Three tasks whose shared prefixes are about 2k, 6k and 12k tokens, documents of 300 to
    /// 5,000 tokens, every document through every task: the case prompt caching is for.
    case documentMix = "document-mix"
    /// Many tenants, each with its own task prefix (about 5k to 8k tokens) and a handful of
    /// documents: many small cache groups.
    case manyTenants = "many-tenants"
    /// Raw requests whose long system prompts are all different: nothing to share, so caching
    /// can only cost more; the planner must not try.
    case noSharing = "no-sharing"
    /// The document mix with 20% duplicates: half re-published byte for byte (the journal drops
    /// them), half the same task and document under a new request id (only a response cache
    /// could answer those; the minimum counts them once).
    case duplicates
    /// Document chunks through an embedding model: batch discount only.
    case embeddings
    /// Three tasks whose system prompts open with the same company preamble (about 3.5k tokens,
    /// identical) followed by their own instructions (about 2k, 4k and 8k tokens): three buckets
    /// sharing one prefix, which should be written once for all of them.
    case sharedPreamble = "shared-preamble"
    /// Raw requests with no system prompt whose one user block is "<long instructions>\n\n
    /// <document>", two instruction sets (about 6k and 5k tokens): one bucket whose requests
    /// share only the leading text of their single block.
    case singleBlock = "single-block"

    /// Whether this workload is judged by captured share (≥ 97%) rather than by "no worse than
    /// plain batching".
    package var judgedByCapture: Bool { self == .documentMix }
}
