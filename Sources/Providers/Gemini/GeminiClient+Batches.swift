import Foundation
package import NIOCore
import NIOHTTP1

// MARK: - Batch mode (providers.md §3.1–§3.2)

extension GeminiClient {
    /// Bytes reserved around inline entries for `{"batch":{"displayName":...,"inputConfig":...}}`.
    static let inlineEnvelopeBytes = 1024

    package func prepareBatches(_ requests: [LLMRequest]) -> BatchPreparation {
        var rejected: [RejectedRequest] = []
        var encoded: [(request: LLMRequest, body: ByteBuffer)] = []
        var seen = Set<String>()
        for request in requests {
            if let problem = self.validate(request, forBatch: true) {
                rejected.append(RejectedRequest(customID: request.customID, error: problem))
                continue
            }
            guard seen.insert(request.customID).inserted else {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(provider: .gemini, customID: request.customID, message: "duplicate key in one submission")
                ))
                continue
            }
            do {
                let body = try Self.entryBody(request)
                if body.readableBytes > self.limits.maxRequestBytes {
                    rejected.append(RejectedRequest(
                        customID: request.customID,
                        error: .invalidRequest(
                            provider: .gemini,
                            customID: request.customID,
                            message: "request is \(body.readableBytes) bytes; at most \(self.limits.maxRequestBytes) fit one entry"
                        )
                    ))
                    continue
                }
                encoded.append((request, body))
            } catch {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(provider: .gemini, customID: request.customID, message: "cannot encode: \(error)")
                ))
            }
        }

        // A Gemini job runs one model and one method: partition, then pick inline or file per partition.
        var order: [String] = []
        var partitions: [String: [(request: LLMRequest, body: ByteBuffer)]] = [:]
        for item in encoded {
            let key = "\(item.request.kind.rawValue)|\(item.request.model)"
            if partitions[key] == nil { order.append(key) }
            partitions[key, default: []].append(item)
        }
        var batches: [PreparedBatch] = []
        let inlineCap = self.limits.maxInlineBytes ?? self.limits.maxBytes
        for key in order {
            let items = partitions[key]!
            let inline = items.map { item in
                EncodedRequest(
                    customID: item.request.customID,
                    model: item.request.model,
                    kind: item.request.kind,
                    bytes: Self.inlineEntry(customID: item.request.customID, body: item.body),
                    embeddingInputs: 1
                )
            }
            let inlineBytes = inline.reduce(Self.inlineEnvelopeBytes) { $0 + $1.bytes.readableBytes + 1 }
            let useInline: Bool =
                switch self.inputMode {
                case .inline: true
                case .file: false
                case .automatic: inlineBytes <= inlineCap && inline.count <= self.limits.maxRequests
                }
            if useInline {
                let chunks = BatchSplitter.split(
                    inline,
                    limits: self.limits,
                    maxBytes: inlineCap,
                    envelopeBytes: Self.inlineEnvelopeBytes,
                    separatorBytes: 1,
                    partitioned: true
                )
                for chunk in chunks {
                    batches.append(PreparedBatch(
                        provider: .gemini,
                        model: chunk[0].model,
                        kind: chunk[0].kind,
                        customIDs: chunk.map(\.customID),
                        byteCount: chunk.reduce(Self.inlineEnvelopeBytes) { $0 + $1.bytes.readableBytes + 1 },
                        payload: .geminiInline(entries: chunk.map(\.bytes))
                    ))
                }
            } else {
                let lines = items.map { item in
                    EncodedRequest(
                        customID: item.request.customID,
                        model: item.request.model,
                        kind: item.request.kind,
                        bytes: Self.fileLine(customID: item.request.customID, body: item.body),
                        embeddingInputs: 1
                    )
                }
                let chunks = BatchSplitter.split(
                    lines,
                    limits: self.limits,
                    maxBytes: self.limits.maxBytes,
                    envelopeBytes: 0,
                    separatorBytes: 1,
                    partitioned: true
                )
                for chunk in chunks {
                    var file = ByteBuffer()
                    for line in chunk {
                        var bytes = line.bytes
                        file.writeBuffer(&bytes)
                        file.writeString("\n")
                    }
                    batches.append(PreparedBatch(
                        provider: .gemini,
                        model: chunk[0].model,
                        kind: chunk[0].kind,
                        customIDs: chunk.map(\.customID),
                        byteCount: file.readableBytes,
                        payload: .geminiFile(jsonl: file)
                    ))
                }
            }
        }
        return BatchPreparation(batches: batches, rejected: rejected)
    }

    /// `POST /v1beta/models/{model}:batchGenerateContent` (or `:asyncBatchEmbedContent`), one
    /// attempt, with `displayName = marker.label`. File mode uploads the JSONL first (retried).
    package func createBatch(_ batch: PreparedBatch, marker: BatchMarker) async throws -> BatchSnapshot {
        guard let model = batch.model else {
            throw ProviderError.invalidRequest(provider: .gemini, customID: nil, message: "a Gemini batch needs a model")
        }
        var body = ByteBuffer(string: "{\"batch\":{\"displayName\":")
        var label = JSONCoding.stringLiteral(marker.label)
        body.writeBuffer(&label)
        body.writeString(",\"inputConfig\":")
        switch batch.payload {
        case .geminiInline(let entries):
            body.writeString("{\"requests\":{\"requests\":[")
            for (index, entry) in entries.enumerated() {
                if index > 0 { body.writeString(",") }
                var entry = entry
                body.writeBuffer(&entry)
            }
            body.writeString("]}}")
        case .geminiFile(let jsonl):
            let file = try await self.uploadFile(jsonl, displayName: marker.label, mimeType: "application/jsonl")
            body.writeString("{\"fileName\":")
            var name = JSONCoding.stringLiteral(file)
            body.writeBuffer(&name)
            body.writeString("}")
        case .anthropic, .openAI:
            throw ProviderError.unsupported(provider: .gemini, message: "batch was prepared for \(batch.provider)")
        }
        body.writeString("}}")
        let method = batch.kind == .chat ? "batchGenerateContent" : "asyncBatchEmbedContent"
        let response = try await self.transport.send(
            self.transport.jsonRequest(
                .POST,
                "/v1beta/\(Self.modelResource(model)):\(method)",
                body: body,
                retriable: false,
                operation: .batchCreate,
                label: "create batch"
            )
        )
        return Self.snapshot(try self.transport.decode(GeminiWire.BatchOperation.self, from: response, label: "create batch"))
    }

    /// Resumable upload (`/upload/v1beta/files`: start, then upload-and-finalize); returns `files/<id>`.
    package func uploadFile(_ data: ByteBuffer, displayName: String, mimeType: String) async throws -> String {
        var startHeaders = HTTPHeaders()
        startHeaders.add(name: "x-goog-upload-protocol", value: "resumable")
        startHeaders.add(name: "x-goog-upload-command", value: "start")
        startHeaders.add(name: "x-goog-upload-header-content-length", value: String(data.readableBytes))
        startHeaders.add(name: "x-goog-upload-header-content-type", value: mimeType)
        startHeaders.add(name: "content-type", value: "application/json")
        let start = ProviderHTTPRequest(
            method: .POST,
            url: self.transport.endpoint.url("/upload/v1beta/files"),
            headers: startHeaders,
            body: try JSONCoding.encode(GeminiWire.UploadStart(file: .init(displayName: displayName, mimeType: mimeType))),
            timeout: self.transport.configuration.requestTimeout,
            label: "start upload"
        )
        let started = try await self.transport.send(start)
        guard let uploadURL = started.headers.first(name: "x-goog-upload-url") else {
            throw ProviderError.decoding(provider: .gemini, message: "start upload: no x-goog-upload-url header", requestID: started.requestID)
        }
        var uploadHeaders = HTTPHeaders()
        uploadHeaders.add(name: "x-goog-upload-command", value: "upload, finalize")
        uploadHeaders.add(name: "x-goog-upload-offset", value: "0")
        uploadHeaders.add(name: "content-type", value: mimeType)
        let upload = ProviderHTTPRequest(
            method: .POST,
            url: self.transport.endpoint.rebase(uploadURL),
            headers: uploadHeaders,
            body: data,
            timeout: self.transport.configuration.requestTimeout,
            label: "upload file"
        )
        let uploaded = try await self.transport.send(upload)
        return try self.transport.decode(GeminiWire.UploadResponse.self, from: uploaded, label: "upload file").file.name
    }

    package func retrieveBatch(id: String) async throws -> BatchSnapshot {
        let response = try await self.transport.send(
            self.transport.jsonRequest(.GET, "/v1beta/\(Self.batchResource(id))", label: "retrieve batch")
        )
        return Self.snapshot(try self.transport.decode(GeminiWire.BatchOperation.self, from: response, label: "retrieve batch"))
    }

    /// `GET /v1beta/batches?pageSize=&pageToken=`.
    package func listBatches(limit: Int = 100, after cursor: String? = nil) async throws -> BatchPage {
        var query = [("pageSize", String(min(max(limit, 1), 1000)))]
        if let cursor { query.append(("pageToken", cursor)) }
        let response = try await self.transport.send(self.transport.jsonRequest(.GET, "/v1beta/batches", query: query, label: "list batches"))
        let list = try self.transport.decode(GeminiWire.BatchList.self, from: response, label: "list batches")
        let operations = (list.operations ?? []) + (list.batches ?? [])
        let token = list.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        return BatchPage(batches: operations.map(Self.snapshot), nextCursor: token)
    }

    /// Batches whose display name is `marker.label`.
    package func findBatches(marker: BatchMarker) async throws -> [BatchSnapshot] {
        let floor = marker.notBefore.addingTimeInterval(-BatchMarker.clockSkew)
        var matches: [BatchSnapshot] = []
        var cursor: String?
        repeat {
            let page = try await self.listBatches(limit: 100, after: cursor)
            matches += page.batches.filter { $0.label == marker.label }
            // Order is not documented; stop early only when a whole page is older than the intent.
            let dates = page.batches.compactMap(\.createdAt)
            if !dates.isEmpty, dates.count == page.batches.count, dates.allSatisfy({ $0 < floor }) { break }
            cursor = page.nextCursor
        } while cursor != nil
        return matches
    }

    /// `POST /v1beta/batches/{id}:cancel`, then the batch as it stands.
    package func cancelBatch(id: String) async throws -> BatchSnapshot {
        _ = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/v1beta/\(Self.batchResource(id)):cancel", label: "cancel batch")
        )
        return try await self.retrieveBatch(id: id)
    }

    /// `DELETE /v1beta/batches/{id}`: stops processing and removes the job from the list.
    package func deleteBatch(id: String) async throws {
        _ = try await self.transport.send(
            self.transport.jsonRequest(.DELETE, "/v1beta/\(Self.batchResource(id))", label: "delete batch")
        )
    }

    /// File mode: streams `/download/v1beta/{responsesFile}:download?alt=media`. Inline mode: the
    /// responses held by the batch resource, fetched once.
    package func results(of batch: BatchSnapshot) throws -> BatchResultStream {
        let transport = self.transport
        let source: ResultSource
        switch batch.resultLocation {
        case .geminiFile(let name):
            let request = ProviderHTTPRequest(
                method: .GET,
                url: transport.endpoint.url("/download/v1beta/\(name):download", query: [("alt", "media")]),
                timeout: transport.configuration.requestTimeout,
                label: "download \(name) of \(batch.id)"
            )
            source = .download(
                ResultSource.Download(
                    label: request.label,
                    maxLineBytes: transport.configuration.maxResultLineBytes,
                    open: { try await transport.open(request) },
                    decode: { line, number in try Self.resultItem(line, number: number) }
                )
            )
        case .geminiInline:
            let id = batch.id
            source = .items {
                let response = try await transport.send(
                    transport.jsonRequest(.GET, "/v1beta/\(Self.batchResource(id))", label: "inline results of \(id)")
                )
                let operation = try transport.decode(GeminiWire.BatchOperation.self, from: response, label: "inline results")
                return try Self.inlineItems(operation.batch.output, batchID: id)
            }
        case .none, .anthropic, .openAI:
            throw ProviderError.noResults(
                provider: .gemini,
                batchID: batch.id,
                message: batch.state == .expired
                    ? "an EXPIRED job has no results; resubmit its requests"
                    : "no results to read in state \(batch.providerStatus)"
            )
        }
        return BatchResultStream(sources: [source], provider: .gemini, retry: transport.configuration.downloadRetry, logger: transport.logger)
    }
}
