import Planning
package import Providers

/// Generates the savings benchmark's workloads: deterministic (a seed fixes every byte), for any
/// set of providers at once, in the demo's workload shape so ``DemoRunner`` runs them unchanged.
///
/// Every provider gets its own tenants (`<provider>-…`) and task names (`<provider>.…`), so
/// several providers can share one run and still split cleanly by provider; with one provider,
/// the same seed gives every provider the same documents.
package enum BenchWorkload {
    /// The workload `name` for `providers`.
    ///
    /// - Parameters:
    ///   - name: which workload.
    ///   - providers: providers to include; for ``BenchWorkloadName/embeddings`` only those with an
    ///     embedding model (``BenchModels/embedding(_:)``) contribute.
    ///   - seed: fixes every choice.
    ///   - scale: sizes.
    /// - Returns: records in publish order, their task templates, and what a correct run ends with.
    package static func generate(
        _ name: BenchWorkloadName, providers: [Provider], seed: UInt64, scale: BenchScale = .standard
    ) -> DemoWorkload {
        var builder = BenchWorkloadBuilder(seed: seed)
        var tasks: [String: TaskTemplate] = [:]
        var streams: [[DemoRecord]] = []
        for provider in providers {
            let part: (tasks: [String: TaskTemplate], records: [DemoRecord])
            switch name {
            case .documentMix:
                part = builder.documentMix(provider: provider, documents: scale.mixDocuments)
            case .manyTenants:
                part = builder.manyTenants(provider: provider, tenants: scale.tenants, documents: scale.documentsPerTenant)
            case .noSharing:
                part = builder.noSharing(provider: provider, requests: scale.uniqueRequests)
            case .duplicates:
                let mix = builder.documentMix(provider: provider, documents: scale.duplicateDocuments)
                part = (mix.tasks, builder.addDuplicates(to: mix.records, share: 0.2))
            case .embeddings:
                guard let model = BenchModels.embedding(provider) else { continue }
                part = builder.embeddings(provider: provider, model: model, documents: scale.embeddingDocuments)
            case .sharedPreamble:
                part = builder.sharedPreamble(provider: provider, documents: scale.mixDocuments)
            case .singleBlock:
                part = builder.singleBlock(provider: provider, documents: scale.mixDocuments)
            }
            tasks.merge(part.tasks) { first, _ in first }
            streams.append(part.records)
        }
        let records = builder.interleave(streams)
        return DemoWorkload(tasks: tasks, records: records, expected: DemoWorkload.expectation(of: records))
    }

    /// Which providers a workload can include (embeddings need an embedding model).
    package static func providers(of name: BenchWorkloadName, among providers: [Provider]) -> [Provider] {
        name == .embeddings ? providers.filter { BenchModels.embedding($0) != nil } : providers
    }
}
