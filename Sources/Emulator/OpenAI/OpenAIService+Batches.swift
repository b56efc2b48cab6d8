import Foundation
import Hummingbird
import Logging
import Synchronization

extension OpenAIService {
    func batch(_ id: String, workspace: String) throws(APIFailure) -> OpenAIBatch {
        guard let batch = registry.withLock({ $0.batches[id] }), batch.workspace == workspace else {
            throw .notFound("No batch found with id '\(id)'.", code: nil)
        }
        return batch
    }

    func createBatch(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(limit: 1024 * 1024, tooLargeMessage: "Request body too large.")
        guard let inputFileID = body["input_file_id"]?.stringValue else {
            throw APIFailure.invalidRequest(
                "Missing required parameter: 'input_file_id'.", param: "input_file_id", code: "missing_required_parameter"
            )
        }
        guard let endpoint = body["endpoint"]?.stringValue else {
            throw APIFailure.invalidRequest("Missing required parameter: 'endpoint'.", param: "endpoint", code: "missing_required_parameter")
        }
        guard Self.documentedEndpoints.contains(endpoint) else {
            throw APIFailure.invalidRequest(
                "Invalid value: '\(endpoint)'. Supported values are: \(Self.documentedEndpoints.map { "'\($0)'" }.joined(separator: ", ")).",
                param: "endpoint", code: "invalid_value"
            )
        }
        guard Self.servedEndpoints.contains(endpoint) else {
            throw APIFailure.invalidRequest(
                "The emulator serves batches for \(Self.servedEndpoints.joined(separator: " and ")) only, not \(endpoint).",
                param: "endpoint", code: "unsupported_value"
            )
        }
        guard let window = body["completion_window"]?.stringValue else {
            throw APIFailure.invalidRequest(
                "Missing required parameter: 'completion_window'.", param: "completion_window",
                code: "missing_required_parameter"
            )
        }
        guard window == "24h" else {
            throw APIFailure.invalidRequest(
                "Invalid value: '\(window)'. Supported values are: '24h'.", param: "completion_window", code: "invalid_value"
            )
        }
        let metadata = body["metadata"] ?? .null
        if case .object(let pairs) = metadata {
            guard pairs.count <= 16 else {
                throw APIFailure.invalidRequest("Invalid 'metadata': too many properties; the maximum is 16.", param: "metadata")
            }
            for (key, value) in pairs.members {
                guard key.count <= 64, let text = value.stringValue, text.count <= 512 else {
                    throw APIFailure.invalidRequest(
                        "Invalid 'metadata': keys must be strings of at most 64 characters and values strings of at most 512.",
                        param: "metadata"
                    )
                }
            }
        } else if !metadata.isNull {
            throw APIFailure.invalidRequest("Invalid type for 'metadata': expected an object.", param: "metadata")
        }
        var outputExpiresAfter: Double?
        if let expires = body["output_expires_after"], !expires.isNull {
            guard expires["anchor"]?.stringValue == "created_at", let seconds = expires["seconds"]?.doubleValue,
                (3600...2_592_000).contains(seconds)
            else {
                throw APIFailure.invalidRequest(
                    "'output_expires_after' must have anchor 'created_at' and seconds between 3600 and 2592000.",
                    param: "output_expires_after"
                )
            }
            outputExpiresAfter = seconds
        }
        let input = try file(inputFileID, workspace: workspace)
        guard input.purpose == "batch" else {
            throw APIFailure.invalidRequest(
                "File \(inputFileID) has purpose '\(input.purpose)'; batch input files must be uploaded with purpose 'batch'.",
                param: "input_file_id"
            )
        }
        let id = core.ids.make("batch_", length: 32, alphabet: .hex)
        let now = core.clock.now
        let batch = OpenAIBatch(
            id: id, workspace: workspace, endpoint: endpoint, inputFileID: inputFileID, metadata: metadata,
            outputExpiresAfter: outputExpiresAfter, createdAt: now,
            validatesAt: now.addingTimeInterval(core.configuration.batchQueueDelay),
            output: try AppendOnlyFile(url: core.newFileURL("\(id).output.jsonl")),
            errorsFile: try AppendOnlyFile(url: core.newFileURL("\(id).errors.jsonl"))
        )
        registry.withLock { registry in
            registry.batches[id] = batch
            registry.batchOrder.append(id)
        }
        return Reply.json(batch.json())
    }

    func listBatches(_ request: EmulatorRequest, workspace: String) throws(APIFailure) -> Response {
        let limit = request.query["limit"].flatMap(Int.init) ?? 20
        guard (1...100).contains(limit) else {
            throw .invalidRequest("Invalid 'limit': integer must be between 1 and 100.", param: "limit", code: "invalid_value")
        }
        let all: [OpenAIBatch] = registry.withLock { registry in
            registry.batchOrder.reversed().compactMap { registry.batches[$0] }
        }.filter { $0.workspace == workspace }
        var rest = all[...]
        if let after = request.query["after"] {
            guard let position = all.firstIndex(where: { $0.id == after }) else {
                throw .invalidRequest("No batch found with id '\(after)'.", param: "after")
            }
            rest = all[(position + 1)...]
        }
        let page = Array(rest.prefix(limit))
        return Reply.json([
            "object": "list", "data": .array(page.map { $0.json() }),
            "first_id": .string(orNull: page.first?.id), "last_id": .string(orNull: page.last?.id),
            "has_more": .bool(rest.count > page.count),
        ])
    }

    /// `cancelling` until in-flight requests finish, then `cancelled` with partial output (§2.1).
    func cancelBatch(_ id: String, workspace: String) throws(APIFailure) -> Response {
        let batch = try batch(id, workspace: workspace)
        let now = core.clock.now
        let accepted: Bool = batch.state.withLock { state in
            guard state.status == "validating" || state.status == "in_progress" else { return false }
            state.status = "cancelling"
            state.cancellingAt = now
            if !state.submitted {
                state.submitted = true
                state.remaining = 0
            } else {
                let removed = core.pool(.openai).removeQueued(batchKey: id).count
                state.remaining -= removed
            }
            return true
        }
        guard accepted else {
            throw .conflict("Cannot cancel a batch with status '\(batch.state.withLock { $0.status })'.")
        }
        return Reply.json(batch.json())
    }

    // MARK: - Lifecycle

    /// Validates due batches, finalises finished ones and expires overdue ones.
    func sweep(now: Date) async {
        let batches = registry.withLock { registry in registry.batchOrder.compactMap { registry.batches[$0] } }
        for batch in batches where !batch.isTerminal {
            let state = batch.state.withLock { $0 }
            switch state.status {
            case "validating" where now >= state.validatesAt:
                await validate(batch, now: now)
            case "in_progress", "cancelling", "finalizing":
                if now >= batch.expiresAt, state.status == "in_progress", core.pool(.openai).simulatedThrough >= batch.expiresAt {
                    await expire(batch)
                }
                await finalizeIfDone(batch, now: now)
            default:
                break
            }
            if state.status == "validating", now >= batch.expiresAt {
                await expire(batch)
                await finalizeIfDone(batch, now: now)
            }
        }
    }

    func fail(_ batch: OpenAIBatch, code: String, message: String, line: Int? = nil, param: String? = nil, now: Date) {
        batch.state.withLock { state in
            state.status = "failed"
            state.failedAt = now
            state.errors = [
                ["code": .string(code), "message": .string(message), "param": .string(orNull: param), "line": .int(orNull: line)]
            ]
        }
    }

    /// Reads and checks the input file (§2.2, §2.3), then queues the requests.
    func validate(_ batch: OpenAIBatch, now: Date) async {
        guard let input = registry.withLock({ $0.files[batch.inputFileID] }) else {
            fail(batch, code: "invalid_file", message: "The input file \(batch.inputFileID) no longer exists.", now: now)
            return
        }
        guard input.bytes <= Limits.maxBatchFileBytes else {
            fail(batch, code: "file_too_large", message: "The input file exceeds the 200 MB limit.", now: now)
            return
        }
        let bytes: [UInt8]
        do { bytes = try await BlockingIO.read(input.url) } catch {
            fail(batch, code: "invalid_file", message: "The input file could not be read.", now: now)
            return
        }
        let lines = Self.lines(bytes)
        guard lines.count <= Limits.maxBatchRequests else {
            fail(
                batch, code: "too_many_requests",
                message: "The batch input file contains \(lines.count) requests; the maximum is \(Limits.maxBatchRequests).",
                now: now
            )
            return
        }
        var items: [OpenAIBatch.Item] = []
        var seen = Set<String>()
        var model: String?
        var embeddingInputs = 0
        var promptTokens = 0
        for (number, line) in lines {
            let value: JSONValue
            do { value = try Self.checkBatchLine(line, number: number) } catch {
                fail(batch, code: error.openAICode ?? "invalid_request", message: error.message, line: number, now: now)
                return
            }
            let customID = value["custom_id"]?.stringValue ?? ""
            guard seen.insert(customID).inserted else {
                fail(
                    batch, code: "duplicate_custom_id",
                    message: "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.",
                    line: number, param: "custom_id", now: now
                )
                return
            }
            guard value["method"]?.stringValue == "POST" else {
                fail(batch, code: "invalid_method", message: "The method for this request must be POST.", line: number, param: "method", now: now)
                return
            }
            guard value["url"]?.stringValue == batch.endpoint else {
                fail(
                    batch, code: "invalid_url",
                    message: "The URL provided for this request does not match the batch endpoint \(batch.endpoint).",
                    line: number, param: "url", now: now
                )
                return
            }
            let body = value["body"] ?? .null
            guard let lineModel = body["model"]?.stringValue else {
                fail(batch, code: "missing_required_parameter", message: "Missing required parameter: 'body.model'.", line: number, param: "body.model", now: now)
                return
            }
            if let model, model != lineModel {
                fail(
                    batch, code: "mismatched_model",
                    message: "Each input file can only include requests to a single model; found '\(model)' and '\(lineModel)'.",
                    line: number, param: "body.model", now: now
                )
                return
            }
            model = lineModel
            if batch.endpoint == "/v1/embeddings" {
                switch body["input"] {
                case .array(let list) where !list.allSatisfy({ $0.intValue != nil }): embeddingInputs += list.count
                default: embeddingInputs += 1
                }
            } else if let prompt = try? OpenAIPrompt.build(body, catalogue: core.catalogue, batch: true) {
                promptTokens += prompt.promptTokens
            }
            items.append(OpenAIBatch.Item(customID: customID, body: body))
        }
        guard embeddingInputs <= Limits.maxEmbeddingInputsPerBatch else {
            fail(
                batch, code: "too_many_embedding_inputs",
                message: "The batch contains \(embeddingInputs) embedding inputs; the maximum is \(Limits.maxEmbeddingInputsPerBatch).",
                now: now
            )
            return
        }
        let modelID = model.flatMap { core.catalogue.model($0, provider: .openai)?.id } ?? model ?? ""
        if let limit = core.configuration.openAIEnqueuedTokenLimit {
            let enqueued = enqueuedTokens(model: modelID, excluding: batch.id)
            if enqueued + promptTokens > limit {
                fail(batch, code: "token_limit_exceeded", message: Self.tokenLimitMessage(modelID, limit: limit), now: now)
                return
            }
        }
        if core.faults.batchFails(batchID: batch.id) {
            fail(
                batch, code: "token_limit_exceeded",
                message: Self.tokenLimitMessage(modelID, limit: core.configuration.openAIEnqueuedTokenLimit ?? 2_000_000),
                now: now
            )
            return
        }
        var order = Array(items.indices)
        var random = SeededRandom(seed: StableHash.of(["shuffle", batch.id], seed: core.configuration.seed))
        order.shuffle(using: &random)
        let readyAt = now
        let frozen = items
        let jobs = order.map { index in
            WorkPool.Job(batchKey: batch.id, item: index, priority: 0, readyAt: readyAt) { [self] start in
                self.start(batch, item: frozen[index], at: start)
            }
        }
        batch.state.withLock { state in
            guard state.status == "validating" else { return }
            state.status = "in_progress"
            state.inProgressAt = now
            state.model = model
            state.items = items
            state.promptTokens = promptTokens
            state.total = items.count
            state.remaining = items.count
            state.submitted = true
            core.pool(.openai).submit(jobs)
        }
    }

    static func tokenLimitMessage(_ model: String, limit: Int) -> String {
        "Enqueued token limit reached for \(model) in organization org-emulator. Limit: \(limit) enqueued tokens. Please try again once some in_progress batches have been completed."
    }

    func enqueuedTokens(model: String, excluding: String) -> Int {
        let batches = registry.withLock { Array($0.batches.values) }
        return batches.filter { $0.id != excluding }.reduce(0) { sum, batch in
            sum
                + batch.state.withLock { state in
                    guard state.status == "in_progress" || state.status == "finalizing",
                        state.model.flatMap({ core.catalogue.model($0, provider: .openai)?.id }) == model
                    else { return 0 }
                    return state.promptTokens
                }
        }
    }

    /// At 24 h, queued requests are dropped and reported `batch_expired` in the error file.
    func expire(_ batch: OpenAIBatch) async {
        let removed: [Int] = batch.state.withLock { state in
            guard !state.expirySwept else { return [] }
            if !state.submitted {
                state.submitted = true
                state.expirySwept = true
                state.expiring = true
                return []
            }
            // Requests still queued expire; requests in flight finish (none queued: nothing to do).
            let removed = core.pool(.openai).removeQueued(batchKey: batch.id).map(\.item)
            guard !removed.isEmpty else { return [] }
            state.expirySwept = true
            state.expiring = true
            state.remaining -= removed.count
            state.failed += removed.count
            state.errorLines += removed.count
            return removed
        }
        let items = batch.state.withLock { $0.items }
        for index in removed {
            await batch.errorsFile.appendLine([
                "id": .string(core.ids.make("batch_req_", length: 32, alphabet: .hex)),
                "custom_id": .string(items[index].customID), "response": nil,
                "error": [
                    "code": "batch_expired",
                    "message": "This request could not be executed before the completion window expired.",
                ],
            ])
        }
    }

    /// Once no request is queued or in flight: `finalizing`, then the terminal status with files.
    func finalizeIfDone(_ batch: OpenAIBatch, now: Date) async {
        let ready: Bool = batch.state.withLock { state in
            guard state.submitted, state.remaining == 0 else { return false }
            if state.finalizingAt == nil {
                state.status = "finalizing"
                state.finalizingAt = now
                state.finalizesAt = now.addingTimeInterval(1)
                return false
            }
            return now >= (state.finalizesAt ?? now)
        }
        guard ready else { return }
        let outputSize = await batch.output.finish()
        let errorSize = await batch.errorsFile.finish()
        let (outputLines, errorLines, status) = batch.state.withLock { ($0.outputLines, $0.errorLines, $0.status) }
        guard status == "finalizing" else { return }
        let expiresAt = now.addingTimeInterval(batch.outputExpiresAfter ?? 30 * 24 * 3600)
        var outputID: String?
        var errorID: String?
        if outputLines > 0 {
            let id = core.ids.make("file-", length: 22)
            register(
                OpenAIFile(
                    id: id, bytes: outputSize, createdAt: now, expiresAt: expiresAt, filename: "batch_\(batch.id)_output.jsonl",
                    purpose: "batch_output", url: batch.output.url, workspace: batch.workspace, lineCount: outputLines
                )
            )
            outputID = id
        }
        if errorLines > 0 {
            let id = core.ids.make("file-", length: 22)
            register(
                OpenAIFile(
                    id: id, bytes: errorSize, createdAt: now, expiresAt: expiresAt, filename: "batch_\(batch.id)_error.jsonl",
                    purpose: "batch_output", url: batch.errorsFile.url, workspace: batch.workspace, lineCount: errorLines
                )
            )
            errorID = id
        }
        batch.state.withLock { state in
            state.outputFileID = outputID
            state.errorFileID = errorID
            if state.cancellingAt != nil {
                state.status = "cancelled"
                state.cancelledAt = now
            } else if state.expiring {
                state.status = "expired"
                state.expiredAt = now
            } else {
                state.status = "completed"
                state.completedAt = now
            }
        }
        core.logger.debug("openai batch finished", metadata: ["batch.id": "\(batch.id)"])
    }

    // MARK: - Items

    /// Starts one request of a batch on a worker at emulated instant `start`.
    func start(_ batch: OpenAIBatch, item: OpenAIBatch.Item, at start: Date) -> WorkPool.Started {
        let customID = item.customID
        var fate = core.faults.itemFate(batchID: batch.id, item: customID)
        if start >= batch.expiresAt {
            // Not started within the 24 h window: the batch ends `expired` (§2.3).
            batch.state.withLock { $0.expiring = true }
            fate = .expired
        }
        switch fate {
        case .expired:
            return WorkPool.Started(duration: 0) { [self] in
                await completeError(
                    batch,
                    line: [
                        "id": .string(core.ids.make("batch_req_", length: 32, alphabet: .hex)),
                        "custom_id": .string(customID), "response": nil,
                        "error": [
                            "code": "batch_expired",
                            "message": "This request could not be executed before the completion window expired.",
                        ],
                    ]
                )
            }
        case .errored:
            return WorkPool.Started(duration: core.catalogue.speed.ttftSeconds) { [self] in
                await completeError(batch, line: failureLine(customID, .serverError(
                    "The server had an error while processing your request. Sorry about that!"
                )))
            }
        case .normal:
            break
        }
        if batch.endpoint == "/v1/embeddings" {
            let execution: EmbeddingExecution
            do { execution = try prepareEmbeddings(item.body) } catch {
                return WorkPool.Started(duration: 0) { [self] in await completeError(batch, line: failureLine(customID, error)) }
            }
            let duration = embeddingSeconds(execution)
            return WorkPool.Started(duration: duration) { [self] in
                billEmbeddings(execution, batchID: batch.id, customID: customID, time: start.addingTimeInterval(duration))
                await completeSuccess(batch, customID: customID, body: embeddingBody(execution), input: execution.tokens, cached: 0, output: 0)
            }
        }
        let prompt: OpenAIPrompt
        do { prompt = try OpenAIPrompt.build(item.body, catalogue: core.catalogue, batch: true) } catch {
            return WorkPool.Started(duration: 0) { [self] in await completeError(batch, line: failureLine(customID, error)) }
        }
        let execution = executeChat(prompt, workspace: batch.workspace, at: start, batch: true)
        let end = start.addingTimeInterval(execution.totalSeconds)
        return WorkPool.Started(duration: execution.totalSeconds) { [self] in
            let body = chatBody(prompt, execution, created: end)
            billChat(prompt, execution, batchID: batch.id, customID: customID, requestID: body["id"]?.stringValue, time: end)
            await completeSuccess(
                batch, customID: customID, body: body, input: prompt.promptTokens, cached: execution.cache.cachedTokens,
                output: execution.outputTokens
            )
        }
    }

    /// A request-level failure: `response.status_code` ≠ 200 with the error body (§2.2).
    func failureLine(_ customID: String, _ failure: APIFailure) -> JSONValue {
        [
            "id": .string(core.ids.make("batch_req_", length: 32, alphabet: .hex)),
            "custom_id": .string(customID),
            "response": [
                "status_code": .int(failure.status == 529 ? 503 : failure.status),
                "request_id": .string(core.ids.make("", length: 32, alphabet: .hex)),
                "body": ["error": errorObject(failure)],
            ],
            "error": nil,
        ]
    }

    func completeSuccess(_ batch: OpenAIBatch, customID: String, body: JSONValue, input: Int, cached: Int, output: Int) async {
        await batch.output.appendLine([
            "id": .string(core.ids.make("batch_req_", length: 32, alphabet: .hex)),
            "custom_id": .string(customID),
            "response": [
                "status_code": 200, "request_id": .string(core.ids.make("", length: 32, alphabet: .hex)), "body": body,
            ],
            "error": nil,
        ])
        batch.state.withLock { state in
            state.completed += 1
            state.remaining -= 1
            state.outputLines += 1
            state.inputTokens += input
            state.cachedTokens += cached
            state.outputTokens += output
        }
    }

    func completeError(_ batch: OpenAIBatch, line: JSONValue) async {
        await batch.errorsFile.appendLine(line)
        batch.state.withLock { state in
            state.failed += 1
            state.remaining -= 1
            state.errorLines += 1
        }
    }
}
