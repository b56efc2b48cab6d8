/// How big the benchmark's workloads are, per provider.
///
/// The standard scale keeps every run well under the embedded broker's 4 MiB-per-partition guard
/// and `bench savings --workload all` within a few minutes on two cores; tests use ``small``.
package struct BenchScale: Sendable, Hashable {
    /// Documents per provider in the document mix (each goes through all three tasks).
    package var mixDocuments: Int
    /// Tenants per provider in the many-tenants workload.
    package var tenants: Int
    /// Documents per tenant there.
    package var documentsPerTenant: Int
    /// Requests per provider in the no-sharing workload.
    package var uniqueRequests: Int
    /// Documents per provider in the duplicates workload (before the 20% duplicates).
    package var duplicateDocuments: Int
    /// Documents per provider cut into embedding chunks.
    package var embeddingDocuments: Int

    /// A scale as given.
    package init(
        mixDocuments: Int, tenants: Int, documentsPerTenant: Int, uniqueRequests: Int, duplicateDocuments: Int,
        embeddingDocuments: Int
    ) {
        self.mixDocuments = mixDocuments
        self.tenants = tenants
        self.documentsPerTenant = documentsPerTenant
        self.uniqueRequests = uniqueRequests
        self.duplicateDocuments = duplicateDocuments
        self.embeddingDocuments = embeddingDocuments
    }

    /// What `sluice bench savings` runs.
    package static let standard = BenchScale(
        mixDocuments: 60, tenants: 16, documentsPerTenant: 6, uniqueRequests: 40, duplicateDocuments: 30, embeddingDocuments: 60)

    /// A few requests per workload, for tests.
    package static let small = BenchScale(
        mixDocuments: 5, tenants: 3, documentsPerTenant: 4, uniqueRequests: 4, duplicateDocuments: 10, embeddingDocuments: 4)
}
