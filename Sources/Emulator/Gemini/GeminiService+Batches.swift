import Foundation
import Hummingbird
import Logging
import Synchronization

extension GeminiService {
    static func batchID(_ name: String) -> String {
        name.hasPrefix("batches/") ? String(name.dropFirst("batches/".count)) : name
    }

    func batch(_ name: String, workspace: String) throws(APIFailure) -> GeminiBatch {
        let id = Self.batchID(name)
        guard let batch = registry.withLock({ $0.batches[id] }), batch.workspace == workspace,
            !batch.state.withLock({ $0.deleted })
        else {
            throw .notFound("Requested entity was not found.")
        }
        return batch
    }

    static func failedPrecondition(_ message: String) -> APIFailure {
        APIFailure(
            status: 400, message: message, anthropicType: "invalid_request_error", openAIType: "invalid_request_error",
            geminiStatus: "FAILED_PRECONDITION"
        )
    }

    /// The google.rpc code for an HTTP failure, as per-request `Status` objects carry it.
    static func rpcCode(_ failure: APIFailure) -> Int {
        switch failure.status {
        case 400: failure.geminiStatus == "FAILED_PRECONDITION" ? 9 : 3
        case 401: 16
        case 403: 7
        case 404: 5
        case 429: 8
        case 503, 529: 14
        case 504: 4
        default: 13
        }
    }

    func rpcStatus(_ failure: APIFailure) -> JSONValue {
        ["code": .int(Self.rpcCode(failure)), "message": .string(failure.message), "status": .string(failure.geminiStatus)]
    }

    // MARK: - Create

    func createBatch(
        _ request: inout EmulatorRequest,
        model modelName: String,
        kind: GeminiBatch.Kind,
        workspace: String
    ) async throws -> Response {
        let method = kind == .generate ? "batchGenerateContent" : "asyncBatchEmbedContent"
        let body = try await request.jsonBody(
            limit: Limits.maxInlineBytes, tooLargeMessage: "Request payload size exceeds the limit: 20971520 bytes."
        )
        let model: ModelEntry
        if kind == .embed {
            model = try embeddingModel(modelName, method: method)
        } else {
            guard let found = core.catalogue.model(modelName, provider: .gemini), !found.retired, found.kind == .chat else {
                throw APIFailure.notFound(
                    "models/\(modelName) is not found for API version v1beta, or is not supported for \(method). Call ListModels to see the list of available models and their supported methods."
                )
            }
            model = found
        }
        let batchObject = GeminiPrompt.field(body, "batch") ?? body
        guard let input = GeminiPrompt.field(batchObject, "inputConfig") else {
            throw APIFailure.invalidRequest("* \(method).batch.input_config: input_config is required\n")
        }
        var items: [GeminiBatch.Item] = []
        var inputFile: String?
        if let requests = GeminiPrompt.field(input, "requests") {
            guard let list = GeminiPrompt.field(requests, "requests")?.arrayValue, !list.isEmpty else {
                throw APIFailure.invalidRequest("* \(method).batch.input_config.requests.requests: requests must not be empty\n")
            }
            for (index, item) in list.enumerated() {
                guard let inner = item["request"] else {
                    throw APIFailure.invalidRequest(
                        "* \(method).batch.input_config.requests.requests[\(index)].request: request is required\n"
                    )
                }
                try checkItem(inner, kind: kind, location: "requests[\(index)].request")
                items.append(GeminiBatch.Item(key: nil, metadata: item["metadata"], request: inner))
            }
        } else if let fileName = GeminiPrompt.field(input, "fileName")?.stringValue {
            let file = try file(fileName, workspace: workspace)
            let bytes = try await BlockingIO.read(file.url)
            for (number, line) in OpenAIService.lines(bytes) {
                let value: JSONValue
                do { value = try JSONValue.parse(line) } catch {
                    throw APIFailure.invalidRequest("Invalid JSON in input file \(fileName) at line \(number): \(error)")
                }
                guard let inner = value["request"] else {
                    throw APIFailure.invalidRequest("Line \(number) of \(fileName) has no \"request\" field.")
                }
                try checkItem(inner, kind: kind, location: "line \(number) request")
                items.append(GeminiBatch.Item(key: value["key"]?.stringValue, metadata: nil, request: inner))
            }
            guard !items.isEmpty else { throw APIFailure.invalidRequest("The input file \(fileName) contains no requests.") }
            inputFile = "files/\(file.id)"
        } else {
            throw APIFailure.invalidRequest("* \(method).batch.input_config: one of requests or file_name is required\n")
        }
        let active = registry.withLock { registry in
            registry.batches.values.filter { $0.workspace == workspace && !$0.isTerminal && !$0.state.withLock { $0.deleted } }
                .count
        }
        guard active < Limits.maxConcurrentBatches else {
            throw APIFailure.rateLimited(
                "You have reached the limit of \(Limits.maxConcurrentBatches) concurrent batch jobs.",
                retryAfter: core.faults.faults.retryAfterSeconds
            )
        }
        let id = core.ids.make("", length: 32, alphabet: .lowerAlphanumeric)
        let now = core.clock.now
        let batch = GeminiBatch(
            id: id, workspace: workspace, model: model,
            displayName: GeminiPrompt.field(batchObject, "displayName")?.stringValue, kind: kind, inputFile: inputFile,
            createdAt: now, startsAt: now.addingTimeInterval(core.configuration.batchQueueDelay),
            priority: GeminiPrompt.field(batchObject, "priority")?.intValue ?? 0, items: items,
            results: try AppendOnlyFile(url: core.newFileURL("batch-\(id).jsonl"))
        )
        registry.withLock { registry in
            registry.batches[id] = batch
            registry.batchOrder.append(id)
        }
        return try await operation(batch, origin: request.origin)
    }

    /// The structural checks made at creation; model-level problems surface per request.
    func checkItem(_ request: JSONValue, kind: GeminiBatch.Kind, location: String) throws(APIFailure) {
        guard case .object = request else { throw .invalidRequest("* \(location): must be an object\n") }
        switch kind {
        case .generate:
            try GeminiPrompt.checkContents(GeminiPrompt.field(request, "contents"), location: location, required: true)
        case .embed:
            guard GeminiPrompt.field(request, "content")?["parts"]?.arrayValue?.isEmpty == false else {
                throw .invalidRequest("* \(location).content: content is not specified\n")
            }
        }
    }

    // MARK: - Read

    /// The long-running `Operation` for a batch (§3.1): state and stats in `metadata`, output once
    /// done (none for `EXPIRED` and `FAILED`).
    func operation(_ batch: GeminiBatch, origin: String) async throws -> Response {
        Reply.json(try await operationJSON(batch))
    }

    func operationJSON(_ batch: GeminiBatch) async throws -> JSONValue {
        let state = batch.state.withLock { $0 }
        let typeName = batch.kind == .generate ? "GenerateContentBatch" : "EmbedContentBatch"
        var metadata = JSONObject()
        metadata["@type"] = .string("type.googleapis.com/google.ai.generativelanguage.v1main.\(typeName)")
        metadata["model"] = .string("models/\(batch.model.id)")
        if let displayName = batch.displayName { metadata["displayName"] = .string(displayName) }
        metadata["createTime"] = .string(Timestamps.rfc3339(batch.createdAt))
        metadata["updateTime"] = .string(Timestamps.rfc3339(state.updateTime))
        if let end = state.endTime { metadata["endTime"] = .string(Timestamps.rfc3339(end)) }
        metadata["batchStats"] = [
            "requestCount": .string(String(batch.items.count)),
            "successfulRequestCount": .string(String(state.succeeded)),
            "failedRequestCount": .string(String(state.failed)),
            "pendingRequestCount": .string(String(max(0, batch.items.count - state.succeeded - state.failed))),
        ]
        metadata["state"] = .string(self.state(state.status))
        metadata["name"] = .string(batch.name)
        if batch.priority != 0 { metadata["priority"] = .string(String(batch.priority)) }
        var output: JSONValue?
        if state.status == "SUCCEEDED" || state.status == "CANCELLED" {
            if let fileID = state.outputFileID {
                output = ["responsesFile": .string("files/\(fileID)")]
            } else if batch.inputFile == nil {
                let bytes = try await BlockingIO.read(batch.results.url)
                var responses: [JSONValue] = []
                for (_, line) in OpenAIService.lines(bytes) { responses.append(try JSONValue.parse(line)) }
                output = ["inlinedResponses": ["inlinedResponses": .array(responses)]]
            }
        }
        if let output { metadata["output"] = output }
        var operation = JSONObject([("name", .string(batch.name)), ("metadata", .object(metadata))])
        let done = batch.isTerminal
        operation["done"] = .bool(done)
        if let error = state.error {
            operation["error"] = error
        } else if done, case .object(let members)? = output {
            var response = JSONObject([
                ("@type", .string("type.googleapis.com/google.ai.generativelanguage.v1main.\(typeName)Output"))
            ])
            for member in members.members { response[member.key] = member.value }
            operation["response"] = .object(response)
        }
        return .object(operation)
    }

    func listBatches(_ request: EmulatorRequest, workspace: String) -> Response {
        let batches: [GeminiBatch] = registry.withLock { registry in
            registry.batchOrder.reversed().compactMap { registry.batches[$0] }
        }.filter { $0.workspace == workspace && !$0.state.withLock { $0.deleted } }
        let (page, next) = Self.paginate(batches, request: request)
        // Listing never inlines results: metadata only, as a list view should stay small.
        let operations: [JSONValue] = page.map { batch in
            let state = batch.state.withLock { $0 }
            var metadata = JSONObject()
            metadata["@type"] = .string(
                "type.googleapis.com/google.ai.generativelanguage.v1main.\(batch.kind == .generate ? "GenerateContentBatch" : "EmbedContentBatch")"
            )
            metadata["model"] = .string("models/\(batch.model.id)")
            if let displayName = batch.displayName { metadata["displayName"] = .string(displayName) }
            metadata["createTime"] = .string(Timestamps.rfc3339(batch.createdAt))
            metadata["updateTime"] = .string(Timestamps.rfc3339(state.updateTime))
            if let end = state.endTime { metadata["endTime"] = .string(Timestamps.rfc3339(end)) }
            metadata["state"] = .string(self.state(state.status))
            metadata["name"] = .string(batch.name)
            if let fileID = state.outputFileID { metadata["output"] = ["responsesFile": .string("files/\(fileID)")] }
            return ["name": .string(batch.name), "metadata": .object(metadata), "done": .bool(batch.isTerminal)]
        }
        var body = JSONObject([("operations", .array(operations))])
        if let next { body["nextPageToken"] = .string(next) }
        return Reply.json(.object(body))
    }

    // MARK: - Cancel and delete

    func cancelBatch(_ name: String, workspace: String) throws(APIFailure) -> Response {
        let batch = try batch(name, workspace: workspace)
        let now = core.clock.now
        let accepted: Bool = batch.state.withLock { state in
            guard state.status == "PENDING" || state.status == "RUNNING", !state.cancelling else { return false }
            state.cancelling = true
            state.updateTime = now
            if !state.submitted {
                state.submitted = true
                state.remaining = 0
            } else {
                state.remaining -= core.pool(.gemini).removeQueued(batchKey: batch.id).count
            }
            return true
        }
        guard accepted else {
            throw Self.failedPrecondition("Batch \(batch.name) is already in a terminal state and cannot be cancelled.")
        }
        return Reply.json([:])
    }

    /// Stops processing and removes the job from the list (§3.1).
    func deleteBatch(_ name: String, workspace: String) throws(APIFailure) -> Response {
        let batch = try batch(name, workspace: workspace)
        batch.state.withLock { state in
            state.deleted = true
            state.submitted = true
            if !["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"].contains(state.status) {
                state.remaining -= core.pool(.gemini).removeQueued(batchKey: batch.id).count
                state.status = "CANCELLED"
            }
        }
        return Reply.json([:])
    }

    // MARK: - Lifecycle

    func sweep(now: Date) async {
        let batches = registry.withLock { registry in registry.batchOrder.compactMap { registry.batches[$0] } }
        for batch in batches where !batch.isTerminal {
            let state = batch.state.withLock { $0 }
            if now >= batch.expiresAt, !state.submitted || core.pool(.gemini).simulatedThrough >= batch.expiresAt {
                batch.state.withLock { state in
                    if state.submitted { _ = core.pool(.gemini).removeQueued(batchKey: batch.id) }
                    state.submitted = true
                    state.status = "EXPIRED"
                    state.endTime = now
                    state.updateTime = now
                }
                continue
            }
            if state.status == "PENDING", !state.submitted, now >= batch.startsAt {
                start(batch, now: now)
            } else if state.submitted, state.remaining == 0 {
                await finish(batch, now: now)
            }
        }
    }

    func start(_ batch: GeminiBatch, now: Date) {
        if core.faults.batchFails(batchID: batch.id) {
            batch.state.withLock { state in
                state.submitted = true
                state.status = "FAILED"
                state.endTime = now
                state.updateTime = now
                state.error = [
                    "code": 8,
                    "message": .string(
                        "Enqueued token limit reached for models/\(batch.model.id). Please try again once some running batch jobs have completed."
                    ),
                ]
            }
            return
        }
        var order = Array(batch.items.indices)
        var random = SeededRandom(seed: StableHash.of(["shuffle", batch.id], seed: core.configuration.seed))
        order.shuffle(using: &random)
        let jobs = order.map { index in
            WorkPool.Job(batchKey: batch.id, item: index, priority: batch.priority, readyAt: batch.startsAt) { [self] start in
                self.start(batch, index: index, at: start)
            }
        }
        batch.state.withLock { state in
            guard !state.submitted else { return }
            state.submitted = true
            state.status = "RUNNING"
            state.updateTime = now
            core.pool(.gemini).submit(jobs)
        }
    }

    func finish(_ batch: GeminiBatch, now: Date) async {
        let size = await batch.results.finish()
        var outputFileID: String?
        if batch.inputFile != nil {
            let id = "batch-\(batch.id)"
            let digest = (try? await BlockingIO.run { try Self.sha256Base64(of: batch.results.url) }) ?? ""
            registerFile(
                GeminiFile(
                    id: id, displayName: "\(batch.name) results", mimeType: "application/jsonl", bytes: size,
                    sha256: digest, createTime: now, expirationTime: now.addingTimeInterval(Limits.fileLifetime),
                    generated: true, url: batch.results.url, workspace: batch.workspace
                )
            )
            outputFileID = id
        }
        batch.state.withLock { state in
            guard !["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"].contains(state.status) else { return }
            state.outputFileID = outputFileID
            state.status = state.cancelling ? "CANCELLED" : "SUCCEEDED"
            state.endTime = now
            state.updateTime = now
        }
        core.logger.debug("gemini batch finished", metadata: ["batch.id": "\(batch.id)"])
    }

    // MARK: - Items

    func start(_ batch: GeminiBatch, index: Int, at start: Date) -> WorkPool.Started {
        let item = batch.items[index]
        let itemKey = item.key ?? item.metadata?["key"]?.stringValue ?? String(index)
        if start >= batch.expiresAt {
            // Running or pending past 48 h: the job expires with no results (§3.2).
            return WorkPool.Started(duration: 0) {
                batch.state.withLock { state in
                    state.remaining -= 1
                    if !["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"].contains(state.status) {
                        state.status = "EXPIRED"
                        state.endTime = batch.expiresAt
                        state.updateTime = batch.expiresAt
                    }
                }
            }
        }
        switch core.faults.itemFate(batchID: batch.id, item: itemKey) {
        case .expired:
            let failure = APIFailure(
                status: 504, message: "The request could not be processed before the deadline.",
                anthropicType: "timeout_error", openAIType: "server_error", geminiStatus: "DEADLINE_EXCEEDED"
            )
            return WorkPool.Started(duration: 0) { [self] in await completeItem(batch, item, error: failure) }
        case .errored:
            return WorkPool.Started(duration: core.catalogue.speed.ttftSeconds) { [self] in
                await completeItem(batch, item, error: .serverError("An internal error has occurred."))
            }
        case .normal:
            break
        }
        switch batch.kind {
        case .embed:
            do {
                let (embedding, tokens) = try embed(item.request, model: batch.model)
                let duration = core.catalogue.ttft(batch.model) / 4
                return WorkPool.Started(duration: duration) { [self] in
                    billEmbedding(batch.model, tokens: tokens, batchID: batch.name, key: itemKey, time: start.addingTimeInterval(duration))
                    await completeItem(batch, item, response: ["embedding": embedding])
                }
            } catch {
                return WorkPool.Started(duration: 0) { [self] in await completeItem(batch, item, error: error) }
            }
        case .generate:
            let prompt: GeminiPrompt
            do {
                prompt = try buildPrompt(item.request, model: batch.model.id, workspace: batch.workspace)
            } catch {
                return WorkPool.Started(duration: 0) { [self] in await completeItem(batch, item, error: error) }
            }
            let execution = execute(prompt, at: start)
            let end = start.addingTimeInterval(execution.totalSeconds)
            return WorkPool.Started(duration: execution.totalSeconds) { [self] in
                bill(prompt, execution, batchID: batch.name, key: itemKey, time: end)
                await completeItem(batch, item, response: responseBody(prompt, execution))
            }
        }
    }

    func completeItem(_ batch: GeminiBatch, _ item: GeminiBatch.Item, response: JSONValue? = nil, error: APIFailure? = nil) async {
        var line = JSONObject()
        if batch.inputFile != nil { line["key"] = .string(item.key ?? "") }
        if let response { line["response"] = response }
        if let error { line["error"] = rpcStatus(error) }
        if batch.inputFile == nil, let metadata = item.metadata { line["metadata"] = metadata }
        await batch.results.appendLine(.object(line))
        let now = core.clock.now
        batch.state.withLock { state in
            if response != nil { state.succeeded += 1 } else { state.failed += 1 }
            state.remaining -= 1
            state.updateTime = now
        }
    }
}
