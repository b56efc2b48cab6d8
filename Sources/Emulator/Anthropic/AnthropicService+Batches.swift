import Foundation
import Hummingbird
import Synchronization
import Logging

extension AnthropicService {
    static let customIDPattern = #"^[a-zA-Z0-9_-]{1,64}$"#

    func batch(_ id: String, workspace: String) throws(APIFailure) -> AnthropicBatch {
        let found = registry.withLock { $0.byID[id] }
        guard let found, found.workspace == workspace, !found.state.withLock({ $0.deleted }) else {
            throw .notFound("Message Batch \(id) not found")
        }
        return found
    }

    func createBatch(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxBatchBytes, tooLargeMessage: "Request exceeds the maximum allowed number of bytes."
        )
        guard let requests = body["requests"] else { throw APIFailure.invalidRequest("requests: Field required") }
        guard let list = requests.arrayValue else { throw APIFailure.invalidRequest("requests: Input should be a valid list") }
        guard !list.isEmpty else {
            throw APIFailure.invalidRequest("requests: List should have at least 1 item after validation, not 0")
        }
        guard list.count <= Limits.maxBatchRequests else {
            throw APIFailure.invalidRequest(
                "requests: List should have at most \(Limits.maxBatchRequests) items after validation, not \(list.count)"
            )
        }
        var seen = Set<String>()
        var items: [(customID: String, params: JSONValue)] = []
        items.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            guard let customID = item["custom_id"]?.stringValue else {
                throw APIFailure.invalidRequest("requests.\(index).custom_id: Field required")
            }
            guard customID.range(of: Self.customIDPattern, options: .regularExpression) != nil else {
                throw APIFailure.invalidRequest(
                    "requests.\(index).custom_id: String should match pattern '\(Self.customIDPattern)'"
                )
            }
            guard seen.insert(customID).inserted else {
                throw APIFailure.invalidRequest(
                    "requests.\(index).custom_id: Duplicate custom_id '\(customID)'; custom_id values must be unique within a batch"
                )
            }
            guard let params = item["params"] else {
                throw APIFailure.invalidRequest("requests.\(index).params: Field required")
            }
            try AnthropicPrompt.validateStructure(params, path: "requests.\(index).params.", inBatch: true)
            if params.serialized().count > Limits.maxMessageBytes {
                throw APIFailure.invalidRequest(
                    "requests.\(index).params: a single request may not exceed \(Limits.maxMessageBytes) bytes"
                )
            }
            items.append((customID, params))
        }
        let id = core.ids.make("msgbatch_01", length: 22)
        if core.faults.batchFails(batchID: id) {
            throw APIFailure.rateLimited(
                "Your organization has reached the maximum number of batch requests in the processing queue. Please wait for some batches to finish and try again.",
                retryAfter: core.faults.faults.retryAfterSeconds
            )
        }
        let now = core.clock.now
        let batch = AnthropicBatch(
            id: id, workspace: workspace, createdAt: now,
            startsAt: now.addingTimeInterval(core.configuration.batchQueueDelay), items: items,
            results: try AppendOnlyFile(url: core.newFileURL("\(id).results.jsonl"))
        )
        registry.withLock { registry in
            registry.byID[id] = batch
            registry.order.append(id)
        }
        core.logger.debug("anthropic batch created", metadata: ["batch.id": "\(id)", "batch.requests": "\(items.count)"])
        return Reply.json(batch.json(origin: request.origin, now: now))
    }

    func listBatches(_ request: EmulatorRequest, workspace: String) throws(APIFailure) -> Response {
        let limit = request.query["limit"].flatMap(Int.init) ?? 20
        guard (1...1000).contains(limit) else {
            throw .invalidRequest("limit: Input should be greater than or equal to 1 and less than or equal to 1000")
        }
        let all: [AnthropicBatch] = registry.withLock { registry in
            registry.order.reversed().compactMap { registry.byID[$0] }
        }.filter { $0.workspace == workspace && !$0.state.withLock { $0.deleted } }
        var page: ArraySlice<AnthropicBatch>
        var hasMore: Bool
        if let beforeID = request.query["before_id"] {
            guard let position = all.firstIndex(where: { $0.id == beforeID }) else {
                throw .invalidRequest("before_id: no Message Batch with id \(beforeID)")
            }
            let start = max(0, position - limit)
            page = all[start..<position]
            hasMore = start > 0
        } else if let afterID = request.query["after_id"] {
            guard let position = all.firstIndex(where: { $0.id == afterID }) else {
                throw .invalidRequest("after_id: no Message Batch with id \(afterID)")
            }
            let end = min(all.count, position + 1 + limit)
            page = all[(position + 1)..<end]
            hasMore = end < all.count
        } else {
            page = all.prefix(limit)
            hasMore = all.count > limit
        }
        let now = core.clock.now
        return Reply.json([
            "data": .array(page.map { $0.json(origin: request.origin, now: now) }),
            "has_more": .bool(hasMore),
            "first_id": .string(orNull: page.first?.id),
            "last_id": .string(orNull: page.last?.id),
        ])
    }

    func cancelBatch(_ id: String, workspace: String, origin: String) async throws -> Response {
        let batch = try batch(id, workspace: workspace)
        let now = core.clock.now
        // Under the batch lock: no item can be queued between the check and the removal. Items
        // already on a worker finish on their own; everything still queued is canceled.
        let removed: [Int] = batch.state.withLock { state in
            guard state.status == "in_progress" else { return [] }
            state.status = "canceling"
            state.cancelInitiatedAt = now
            if !state.submitted {
                state.submitted = true
                return Array(batch.items.indices)
            }
            return core.pool(.anthropic).removeQueued(batchKey: id).map(\.item)
        }
        if !removed.isEmpty {
            for index in removed {
                await batch.results.appendLine([
                    "custom_id": .string(batch.items[index].customID), "result": ["type": "canceled"],
                ])
            }
            _ = batch.finish(.canceled, count: removed.count, now: core.clock.now)
        }
        return Reply.json(batch.json(origin: origin, now: core.clock.now))
    }

    func deleteBatch(_ id: String, workspace: String) throws(APIFailure) -> Response {
        let batch = try batch(id, workspace: workspace)
        let deleted: Bool = batch.state.withLock { state in
            guard state.status == "ended" else { return false }
            state.deleted = true
            return true
        }
        guard deleted else {
            throw .invalidRequest(
                "Message Batch \(id) cannot be deleted while it is processing; cancel it and wait for it to end first."
            )
        }
        return Reply.json(["id": .string(id), "type": "message_batch_deleted"])
    }

    func results(_ id: String, workspace: String, context: BasicRequestContext) async throws -> Response {
        let batch = try batch(id, workspace: workspace)
        guard batch.state.withLock({ $0.status == "ended" }) else {
            throw APIFailure.notFound("Results for Message Batch \(id) are not available until it has ended.")
        }
        guard core.clock.now < batch.archivesAt else {
            throw APIFailure.notFound("Results for Message Batch \(id) have been archived and are no longer available.")
        }
        return try await DownloadServer.serve(
            batch.results.url, contentType: "application/binary", faults: core.faults, context: context
        )
    }

    // MARK: - Processing

    /// Starts due batches and expires overdue ones; called by the emulator's sweeper.
    func sweep(now: Date) async {
        let batches = registry.withLock { registry in registry.order.compactMap { registry.byID[$0] } }
        for batch in batches {
            let (ended, submitted) = batch.state.withLock { ($0.status == "ended", $0.submitted) }
            if ended { continue }
            if !submitted, now >= batch.startsAt, now < batch.expiresAt {
                submit(batch)
            }
            if now >= batch.expiresAt, !submitted || core.pool(.anthropic).simulatedThrough >= batch.expiresAt {
                await expire(batch)
            }
        }
    }

    func submit(_ batch: AnthropicBatch) {
        var order = Array(batch.items.indices)
        var random = SeededRandom(seed: StableHash.of(["shuffle", batch.id], seed: core.configuration.seed))
        order.shuffle(using: &random)
        let jobs = order.map { index in
            WorkPool.Job(batchKey: batch.id, item: index, priority: 0, readyAt: batch.startsAt) { [self] start in
                self.start(batch, index: index, at: start)
            }
        }
        batch.state.withLock { state in
            guard !state.submitted else { return }
            state.submitted = true
            core.pool(.anthropic).submit(jobs)
        }
    }

    /// At 24 h, requests not yet processed end `expired` (providers.md §1.3).
    func expire(_ batch: AnthropicBatch) async {
        let removed: [Int] = batch.state.withLock { state in
            guard state.status != "ended" else { return [] }
            if !state.submitted {
                state.submitted = true
                return Array(batch.items.indices)
            }
            return core.pool(.anthropic).removeQueued(batchKey: batch.id).map(\.item)
        }
        guard !removed.isEmpty else { return }
        for index in removed {
            await batch.results.appendLine([
                "custom_id": .string(batch.items[index].customID), "result": ["type": "expired"],
            ])
        }
        _ = batch.finish(.expired, count: removed.count, now: core.clock.now)
    }

    /// Starts one batch item on a worker at emulated instant `start`: the cache is read and
    /// written now (in emulated-time order); the result is written when the item's time is up.
    func start(_ batch: AnthropicBatch, index: Int, at start: Date) -> WorkPool.Started {
        let (customID, params) = batch.items[index]
        if start >= batch.expiresAt {
            // Not started within 24 h of emulated time (§1.3).
            return WorkPool.Started(duration: 0) { [self] in
                await complete(
                    batch, line: ["custom_id": .string(customID), "result": ["type": "expired"]], .expired, at: start
                )
            }
        }
        switch core.faults.itemFate(batchID: batch.id, item: customID) {
        case .expired:
            return WorkPool.Started(duration: 0) { [self] in
                await complete(
                    batch, line: ["custom_id": .string(customID), "result": ["type": "expired"]], .expired, at: start
                )
            }
        case .errored:
            let line = erroredLine(customID, .serverError("Internal server error"))
            let duration = core.catalogue.speed.ttftSeconds
            return WorkPool.Started(duration: duration) { [self] in
                await complete(batch, line: line, .errored, at: start.addingTimeInterval(duration))
            }
        case .normal:
            let prompt: AnthropicPrompt
            do {
                prompt = try AnthropicPrompt.build(params, catalogue: core.catalogue, workspace: batch.workspace)
            } catch {
                let line = erroredLine(customID, error)
                return WorkPool.Started(duration: 0) { [self] in await complete(batch, line: line, .errored, at: start) }
            }
            let execution = execute(prompt, at: start)
            let end = start.addingTimeInterval(execution.totalSeconds)
            return WorkPool.Started(duration: execution.totalSeconds) { [self] in
                let message = message(prompt, execution, batch: true)
                bill(
                    prompt, execution, batchID: batch.id, customID: customID, requestID: message["id"]?.stringValue,
                    time: end
                )
                await complete(
                    batch, line: ["custom_id": .string(customID), "result": ["type": "succeeded", "message": message]],
                    .succeeded, at: end
                )
            }
        }
    }

    /// Writes an item's result line; `at` is its emulated end, which `ended_at` follows even when
    /// a very fast clock runs ahead of the simulation.
    func complete(_ batch: AnthropicBatch, line: JSONValue, _ result: AnthropicBatch.ItemResult, at end: Date) async {
        await batch.results.appendLine(line)
        if batch.finish(result, now: end) {
            core.logger.debug("anthropic batch ended", metadata: ["batch.id": "\(batch.id)"])
        }
    }

    func erroredLine(_ customID: String, _ failure: APIFailure) -> JSONValue {
        [
            "custom_id": .string(customID),
            "result": [
                "type": "errored",
                "error": [
                    "type": "error",
                    "error": ["type": .string(failure.anthropicType), "message": .string(failure.message)],
                    "request_id": .string(newRequestID()),
                ],
            ],
        ]
    }
}
