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

    /// Whether this workload is judged by captured share (≥ 97%) rather than by "no worse than
    /// plain batching".
    package var judgedByCapture: Bool { self == .documentMix }
}
