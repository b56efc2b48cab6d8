import Foundation
package import NIOCore
import NIOHTTP1

// MARK: - Files + Batch (providers.md §2.1)

extension OpenAIClient {
    package func prepareBatches(_ requests: [LLMRequest]) -> BatchPreparation {
        var rejected: [RejectedRequest] = []
        var encoded: [EncodedRequest] = []
        var seen = Set<String>()
        for request in requests {
            if let problem = RequestValidation.common(request, provider: .openai, limits: self.limits) {
                rejected.append(RejectedRequest(customID: request.customID, error: problem))
                continue
            }
            if request.kind == .embedding, let max = self.limits.maxEmbeddingInputs, request.input.count > max {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(
                        provider: .openai,
                        customID: request.customID,
                        message: "\(request.input.count) embedding inputs; a batch takes at most \(max)"
                    )
                ))
                continue
            }
            guard seen.insert(request.customID).inserted else {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(provider: .openai, customID: request.customID, message: "duplicate custom_id in one submission")
                ))
                continue
            }
            let line: ByteBuffer
            do {
                line = try Self.batchLine(request)
            } catch {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(provider: .openai, customID: request.customID, message: "cannot encode: \(error)")
                ))
                continue
            }
            if line.readableBytes > self.limits.maxRequestBytes || line.readableBytes + 1 > self.limits.maxBytes {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(
                        provider: .openai,
                        customID: request.customID,
                        message: "request line is \(line.readableBytes) bytes; it can never fit a \(self.limits.maxBytes)-byte input file"
                    )
                ))
                continue
            }
            encoded.append(EncodedRequest(
                customID: request.customID,
                model: request.model,
                kind: request.kind,
                bytes: line,
                embeddingInputs: request.kind == .embedding ? request.input.count : 0
            ))
        }
        // "each input file can only include requests to a single model" (and one endpoint).
        let chunks = BatchSplitter.split(
            encoded,
            limits: self.limits,
            maxBytes: self.limits.maxBytes,
            envelopeBytes: 0,
            separatorBytes: 1,
            partitioned: true
        )
        let batches = chunks.map { chunk in
            var file = ByteBuffer()
            file.reserveCapacity(chunk.reduce(0) { $0 + $1.bytes.readableBytes + 1 })
            for item in chunk {
                var bytes = item.bytes
                file.writeBuffer(&bytes)
                file.writeString("\n")
            }
            return PreparedBatch(
                provider: .openai,
                model: chunk[0].model,
                kind: chunk[0].kind,
                customIDs: chunk.map(\.customID),
                byteCount: file.readableBytes,
                payload: .openAI(jsonl: file, endpoint: Self.endpointPath(chunk[0].kind))
            )
        }
        return BatchPreparation(batches: batches, rejected: rejected)
    }

    /// Uploads the JSONL (`purpose=batch`, retried: a duplicate upload is only an orphan file),
    /// then `POST /batches` once with `metadata.sluice_marker = marker.label`.
    package func createBatch(_ batch: PreparedBatch, marker: BatchMarker) async throws -> BatchSnapshot {
        guard case .openAI(let jsonl, let endpoint) = batch.payload else {
            throw ProviderError.unsupported(provider: .openai, message: "batch was prepared for \(batch.provider)")
        }
        let file = try await self.uploadFile(jsonl, filename: "\(marker.label).jsonl", purpose: "batch")
        let body = try JSONCoding.encode(
            OpenAIWire.CreateBatchBody(
                input_file_id: file,
                endpoint: endpoint,
                metadata: [BatchMarker.metadataKey: marker.label]
            )
        )
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/batches", body: body, retriable: false, operation: .batchCreate, label: "create batch")
        )
        return Self.snapshot(try self.transport.decode(OpenAIWire.Batch.self, from: response, label: "create batch"))
    }

    /// `POST /files` (multipart); returns the file id.
    package func uploadFile(_ data: ByteBuffer, filename: String, purpose: String) async throws -> String {
        var form = MultipartForm()
        form.addField("purpose", purpose)
        form.addFile("file", filename: filename, contentType: "application/jsonl", data: data)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: form.contentType)
        headers.add(name: "accept", value: "application/json")
        let request = ProviderHTTPRequest(
            method: .POST,
            url: self.transport.endpoint.url("/files"),
            headers: headers,
            body: form.finished(),
            timeout: self.transport.configuration.requestTimeout,
            label: "upload file"
        )
        let response = try await self.transport.send(request)
        return try self.transport.decode(OpenAIWire.FileObject.self, from: response, label: "upload file").id
    }

    /// `DELETE /files/{id}`: input and result files outlive their batch otherwise.
    package func deleteFile(id: String) async throws {
        _ = try await self.transport.send(
            self.transport.jsonRequest(.DELETE, "/files/\(AnthropicClient.pathComponent(id))", label: "delete file")
        )
    }

    package func retrieveBatch(id: String) async throws -> BatchSnapshot {
        let response = try await self.transport.send(
            self.transport.jsonRequest(.GET, "/batches/\(AnthropicClient.pathComponent(id))", label: "retrieve batch")
        )
        return Self.snapshot(try self.transport.decode(OpenAIWire.Batch.self, from: response, label: "retrieve batch"))
    }

    /// `GET /batches?limit=&after=`, newest first; `limit` is clamped to 1...100.
    package func listBatches(limit: Int = 100, after cursor: String? = nil) async throws -> BatchPage {
        var query = [("limit", String(min(max(limit, 1), 100)))]
        if let cursor { query.append(("after", cursor)) }
        let response = try await self.transport.send(self.transport.jsonRequest(.GET, "/batches", query: query, label: "list batches"))
        let list = try self.transport.decode(OpenAIWire.BatchList.self, from: response, label: "list batches")
        return BatchPage(batches: list.data.map(Self.snapshot), nextCursor: list.has_more == true ? list.data.last?.id ?? list.last_id : nil)
    }

    /// Batches whose `metadata.sluice_marker` is `marker.label`, searched back to `notBefore`.
    package func findBatches(marker: BatchMarker) async throws -> [BatchSnapshot] {
        let floor = marker.notBefore.addingTimeInterval(-BatchMarker.clockSkew)
        var matches: [BatchSnapshot] = []
        var cursor: String?
        repeat {
            let page = try await self.listBatches(limit: 100, after: cursor)
            matches += page.batches.filter { $0.label == marker.label }
            if let oldest = page.batches.compactMap(\.createdAt).min(), oldest < floor { break }
            cursor = page.nextCursor
        } while cursor != nil
        return matches
    }

    /// `POST /batches/{id}/cancel`; the batch stays `cancelling` for up to 10 minutes.
    package func cancelBatch(id: String) async throws -> BatchSnapshot {
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/batches/\(AnthropicClient.pathComponent(id))/cancel", label: "cancel batch")
        )
        return Self.snapshot(try self.transport.decode(OpenAIWire.Batch.self, from: response, label: "cancel batch"))
    }

    /// Streams the output file, then the error file (expired and failed lines live there).
    package func results(of batch: BatchSnapshot) throws -> BatchResultStream {
        guard case .openAI(let output, let errors) = batch.resultLocation else {
            throw ProviderError.noResults(provider: .openai, batchID: batch.id, message: "no result files in state \(batch.providerStatus)")
        }
        let transport = self.transport
        let sources = [output, errors].compactMap { $0 }.map { fileID in
            let request = ProviderHTTPRequest(
                method: .GET,
                url: transport.endpoint.url("/files/\(AnthropicClient.pathComponent(fileID))/content"),
                timeout: transport.configuration.requestTimeout,
                label: "download file \(fileID) of \(batch.id)"
            )
            return ResultSource.download(
                ResultSource.Download(
                    label: request.label,
                    maxLineBytes: transport.configuration.maxResultLineBytes,
                    open: { try await transport.open(request) },
                    decode: { line, number in try Self.resultItem(line, number: number) }
                )
            )
        }
        return BatchResultStream(sources: sources, provider: .openai, retry: transport.configuration.downloadRetry, logger: transport.logger)
    }
}
