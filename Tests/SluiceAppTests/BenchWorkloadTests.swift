import Foundation
import Planning
import Providers
import Testing

@testable import SluiceApp

/// The savings benchmark's generated workloads: the sizes the issue asks for, the duplicate
/// share, determinism, and the embedded broker's guard.
@Suite("BenchWorkload", .timeLimit(.minutes(1)))
struct BenchWorkloadTests {
    static func rendered(_ workload: DemoWorkload) throws -> [RenderedRequest] {
        let renderer = RequestRenderer(tasks: workload.tasks, priceBook: try PriceBook.bundled())
        return try workload.records.filter { $0.kind == .valid }.map { try renderer.render(RequestEvent.decodeValidated(from: $0.value)) }
    }

    @Test("document mix: three prefixes of about 2k, 6k and 12k tokens, documents of 300 to 5,000 tokens")
    func documentMixSizes() throws {
        let workload = BenchWorkload.generate(.documentMix, providers: [.anthropic], seed: 3, scale: .standard)
        let requests = try Self.rendered(workload)
        #expect(requests.count == BenchScale.standard.mixDocuments * 3)
        let estimator = TokenEstimator.standard
        var prefixes: [String: Int] = [:]
        for request in requests { prefixes[request.bucket.prefixGroup] = estimator.prefixTokens(of: request.request) }
        let sizes = prefixes.values.sorted()
        #expect(sizes.count == 3)
        #expect((1_800...2_600).contains(sizes[0]), "\(sizes)")
        #expect((5_500...6_500).contains(sizes[1]), "\(sizes)")
        #expect((11_000...12_000).contains(sizes[2]), "\(sizes)")
        for record in workload.records {
            guard case .task(_, let document) = try RequestEvent.decodeValidated(from: record.value).mode else {
                Issue.record("a raw request in the document mix")
                continue
            }
            #expect((300...5_000).contains(estimator.tokens(characters: document.text.count)), "\(document.id)")
        }
    }

    @Test("duplicates: 20% of the stream, half re-published byte for byte, half the same work under a new id")
    func duplicateShare() throws {
        let workload = BenchWorkload.generate(.duplicates, providers: [.openai], seed: 3, scale: .small)
        let originals = BenchScale.small.duplicateDocuments * 3
        let added = workload.records.count - originals
        #expect(added == Int((Double(originals) * 0.2).rounded()))
        let republished = workload.records.filter { $0.kind == .duplicate }.count
        #expect(republished == (added + 1) / 2)
        #expect(workload.expected.accepted.count == originals + added - republished)
        // The same work under a new id renders to the same content.
        let requests = try Self.rendered(workload)
        let keys = requests.map { RequestFingerprint.key(of: $0.request, provider: $0.provider) }
        #expect(Set(keys).count == originals)
    }

    @Test("many tenants never share a prefix; no-sharing puts every request in its own bucket")
    func distinctPrefixes() throws {
        let tenants = try Self.rendered(BenchWorkload.generate(.manyTenants, providers: [.gemini], seed: 3, scale: .small))
        #expect(Set(tenants.map(\.bucket)).count == BenchScale.small.tenants)
        #expect(tenants.count == BenchScale.small.tenants * BenchScale.small.documentsPerTenant)
        let minimum = try PriceBook.bundled().facts(provider: .gemini, model: "gemini-2.5-flash").minCacheableTokens ?? 0
        for request in tenants { #expect(TokenEstimator.standard.prefixTokens(of: request.request) > minimum * 2) }
        let solo = try Self.rendered(BenchWorkload.generate(.noSharing, providers: [.anthropic, .openai], seed: 3, scale: .small))
        #expect(solo.count == 2 * BenchScale.small.uniqueRequests)
        #expect(Set(solo.map(\.bucket)).count == solo.count)
        let embeddings = BenchWorkload.generate(.embeddings, providers: Provider.allCases, seed: 3, scale: .small)
        #expect(Set(try Self.rendered(embeddings).map(\.provider)) == [.openai, .gemini])
    }

    @Test("the same seed gives the same bytes; another seed does not")
    func deterministic() {
        for name in BenchWorkloadName.allCases {
            let one = BenchWorkload.generate(name, providers: Provider.allCases, seed: 9, scale: .small)
            let two = BenchWorkload.generate(name, providers: Provider.allCases, seed: 9, scale: .small)
            let other = BenchWorkload.generate(name, providers: Provider.allCases, seed: 10, scale: .small)
            #expect(one.records == two.records, "\(name)")
            #expect(one.tasks == two.tasks, "\(name)")
            #expect(one.records != other.records, "\(name)")
        }
    }

    @Test("every standard workload with all providers stays under the embedded broker's 4 MiB per partition")
    func underBrokerGuard() {
        for name in BenchWorkloadName.allCases {
            let workload = BenchWorkload.generate(name, providers: Provider.allCases, seed: 5, scale: .standard)
            let fullest = workload.bytesPerPartition(partitions: 12).max() ?? 0
            #expect(fullest < 4 * 1_024 * 1_024, "\(name): \(fullest) bytes")
            #expect(fullest > 0)
        }
    }

    @Test("planning time: every request planned as the accumulator would, the cacheable buckets cached")
    func planningTime() throws {
        let timing = try PlanningTimeBench.measure(requests: 3_000, seed: 5, maxRequestsPerFlush: 1_000)
        #expect(timing.requests == 3_000)
        #expect(timing.buckets == 9)
        // Each bucket's requests fit one chunk: a primer plan, then the warm fan-out; except
        // Gemini's classify bucket, whose ~1.85k-token prefix is under gemini-2.5-flash's
        // 2,048-token minimum: one plan, nothing cached; and Gemini's extract and summarize
        // buckets, whose 1,000-request chunks take an explicit cache: one plan, no primer. The
        // 540 rendered templates cycle provider by provider, so 3,000 requests hold 5 × 60
        // Gemini classify requests.
        #expect(timing.planCalls == 15)
        #expect(timing.cachedRequests == 2_700)
        #expect(timing.seconds > 0)
        #expect(timing.cpuSeconds > 0 && timing.cpuSeconds <= timing.seconds + 0.05)
    }
}
