import Foundation
package import Logging
package import Providers
package import StateStore

/// Sends realtime groups (near deadlines, old work, spent batch attempts) one call per request,
/// a bounded number at once, each result recorded as it arrives. A group is `submitted` from the
/// first call on; after a crash its requests still `planned` are sent again (a realtime call has
/// no marker to reconcile by, so one interrupted call may be billed twice; it is answered once).
package actor RealtimeExecutor {
    private let store: StateStore
    private let clients: [Provider: any BatchProviderClient]
    private let settlement: ItemSettlement
    private let savings: SavingsBuilder
    private let configuration: PipelineConfiguration
    private let wake: Accumulator.Wakeups
    private let accumulator: Doorbell
    private let counters: PipelineCounters
    private let logger: Logger

    package init(
        store: StateStore, clients: [Provider: any BatchProviderClient], settlement: ItemSettlement,
        savings: SavingsBuilder, configuration: PipelineConfiguration, wake: Accumulator.Wakeups, accumulator: Doorbell,
        counters: PipelineCounters, logger: Logger
    ) {
        self.store = store
        self.clients = clients
        self.settlement = settlement
        self.savings = savings
        self.configuration = configuration
        self.wake = wake
        self.accumulator = accumulator
        self.counters = counters
        self.logger = logger
    }

    /// Runs every realtime group that is planned or was interrupted.
    package func pass() async throws {
        let groups = try await store.batches(inStates: [.planned, .submitting, .submitted]).filter { $0.kind == .realtime }
        for group in groups {
            try await run(group)
        }
    }

    private func run(_ stored: BatchRecord) async throws {
        guard let provider = Provider(rawValue: stored.provider), let client = clients[provider] else { return }
        var batch = stored
        let at = Date().unixMilliseconds
        if batch.state == .planned {
            batch = try await store.transition(batch.id, from: .planned, to: .submitting, at: at).batch
        }
        if batch.state == .submitting {
            batch = try await store.transition(
                batch.id, from: .submitting, to: .submitted, at: at,
                changes: BatchChanges(providerBatchID: "realtime-\(batch.id.uuidString.lowercased())", nextPollAt: Int64.max)
            ).batch
        }
        let plan = try await JSONDecoder().decode(StoredPlan.self, from: store.plan(batchID: batch.id))
        let requests = try await store.requests(ofBatch: batch.id)
        let open = plan.requests.filter { requests[$0.customID]?.status == .planned }
        let context = ItemSettlement.Context(
            batch: batch, provider: provider, providerBatchID: batch.providerBatchID ?? batch.id.uuidString, mode: batch.mode)
        let options: RealtimeOptions = batch.mode == .flex ? .flex : .standard
        let batchID = batch.id
        let (store, settlement, counters, publisher) = (store, settlement, counters, wake.publisher)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for request in open {
                if inFlight >= configuration.realtimeConcurrency {
                    try await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask {
                    let result: BatchItemResult.Outcome
                    var counted: Int?
                    do {
                        let response = try await client.send(request, options: options)
                        result = .succeeded(response)
                        // Embeddings reported without usage (Gemini) are billed at the provider's count.
                        if request.kind == .embedding, response.usage.inputTokens == 0 {
                            counted = try? await client.billedEmbeddingTokens(
                                model: request.model, inputs: [request.input.joined(separator: "\n")])
                        }
                    } catch let error as ProviderError {
                        result = .errored(
                            ItemError(
                                type: error.errorType ?? "\(error.category)", message: error.message,
                                httpStatus: error.httpStatus, category: error.category))
                    }
                    let outcome = try settlement.outcome(
                        customID: request.customID, result, request: requests[request.customID], context: context,
                        now: Date(), countedInputTokens: counted)
                    _ = try await store.recordResults(batchID: batchID, [outcome], at: Date().unixMilliseconds)
                    counters.update { $0.realtimeCalls += 1 }
                    publisher.ring()
                }
            }
            try await group.waitForAll()
        }
        let now = Date()
        let ledger = try await store.ledgerEntries(batchID: batch.id)
        let outcomes = try await store.attemptOutcomes(ofBatch: batch.id)
        _ = try await store.completeBatch(
            batchID: batch.id, savings: try savings.records(for: batch, ledger: ledger, outcomes: outcomes, now: now),
            at: now.unixMilliseconds)
        logger.info("Realtime group done", metadata: ["batch": "\(batch.id)", "requests": "\(open.count)"])
        wake.publisher.ring()
        accumulator.ring()
    }
}
