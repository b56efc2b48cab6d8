import Foundation
import NIOCore
import NIOHTTP1

// MARK: - Message Batches (providers.md §1.1)

extension AnthropicClient {
    package func prepareBatches(_ requests: [LLMRequest]) -> BatchPreparation {
        var rejected: [RejectedRequest] = []
        var encoded: [EncodedRequest] = []
        var seen = Set<String>()
        // `{"requests":[` + `]}`
        let envelope = 15
        for request in requests {
            if let problem = self.validate(request) {
                rejected.append(RejectedRequest(customID: request.customID, error: problem))
                continue
            }
            guard seen.insert(request.customID).inserted else {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(provider: .anthropic, customID: request.customID, message: "duplicate custom_id in one submission")
                ))
                continue
            }
            let bytes: ByteBuffer
            do {
                bytes = try JSONCoding.encode(AnthropicWire.BatchItem(custom_id: request.customID, params: Self.params(for: request)))
            } catch {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(provider: .anthropic, customID: request.customID, message: "cannot encode: \(error)")
                ))
                continue
            }
            if bytes.readableBytes > self.limits.maxRequestBytes || bytes.readableBytes + envelope + 1 > self.limits.maxBytes {
                rejected.append(RejectedRequest(
                    customID: request.customID,
                    error: .invalidRequest(
                        provider: .anthropic,
                        customID: request.customID,
                        message: "request is \(bytes.readableBytes) bytes; it can never fit (per-request cap \(self.limits.maxRequestBytes), batch cap \(self.limits.maxBytes))"
                    )
                ))
                continue
            }
            encoded.append(EncodedRequest(customID: request.customID, model: request.model, kind: .chat, bytes: bytes, embeddingInputs: 0))
        }
        let chunks = BatchSplitter.split(
            encoded,
            limits: self.limits,
            maxBytes: self.limits.maxBytes,
            envelopeBytes: envelope,
            separatorBytes: 1,
            partitioned: false
        )
        let batches = chunks.map { chunk in
            var body = ByteBuffer(string: "{\"requests\":[")
            for (index, item) in chunk.enumerated() {
                if index > 0 { body.writeString(",") }
                var bytes = item.bytes
                body.writeBuffer(&bytes)
            }
            body.writeString("]}")
            return PreparedBatch(
                provider: .anthropic,
                model: nil,
                kind: .chat,
                customIDs: chunk.map(\.customID),
                byteCount: body.readableBytes,
                payload: .anthropic(body: body)
            )
        }
        return BatchPreparation(batches: batches, rejected: rejected)
    }

    /// `POST /v1/messages/batches`, one attempt. Anthropic batches carry no metadata, so the
    /// marker is only used later by ``findBatches(marker:)``.
    package func createBatch(_ batch: PreparedBatch, marker: BatchMarker) async throws -> BatchSnapshot {
        guard case .anthropic(let body) = batch.payload else {
            throw ProviderError.unsupported(provider: .anthropic, message: "batch was prepared for \(batch.provider)")
        }
        let request = self.transport.jsonRequest(
            .POST,
            "/v1/messages/batches",
            body: body,
            retriable: false,
            operation: .batchCreate,
            label: "create batch"
        )
        let response = try await self.transport.send(request)
        return self.snapshot(try self.transport.decode(AnthropicWire.Batch.self, from: response, label: "create batch"))
    }

    package func retrieveBatch(id: String) async throws -> BatchSnapshot {
        let response = try await self.transport.send(
            self.transport.jsonRequest(.GET, "/v1/messages/batches/\(Self.pathComponent(id))", label: "retrieve batch")
        )
        return self.snapshot(try self.transport.decode(AnthropicWire.Batch.self, from: response, label: "retrieve batch"))
    }

    /// `GET /v1/messages/batches?limit=&after_id=`, newest first. `limit` is clamped to 1...1000.
    package func listBatches(limit: Int = 100, after cursor: String? = nil) async throws -> BatchPage {
        var query = [("limit", String(min(max(limit, 1), 1000)))]
        if let cursor { query.append(("after_id", cursor)) }
        let response = try await self.transport.send(
            self.transport.jsonRequest(.GET, "/v1/messages/batches", query: query, label: "list batches")
        )
        let list = try self.transport.decode(AnthropicWire.BatchList.self, from: response, label: "list batches")
        return BatchPage(batches: list.data.map(self.snapshot), nextCursor: list.has_more == true ? list.last_id : nil)
    }

    /// Batches created since `marker.notBefore` (less clock skew) with exactly
    /// `marker.requestCount` requests: the best Anthropic allows, since batches carry no metadata.
    package func findBatches(marker: BatchMarker) async throws -> [BatchSnapshot] {
        let floor = marker.notBefore.addingTimeInterval(-BatchMarker.clockSkew)
        var matches: [BatchSnapshot] = []
        var cursor: String?
        repeat {
            let page = try await self.listBatches(limit: 100, after: cursor)
            for batch in page.batches {
                guard let created = batch.createdAt, created >= floor else { continue }
                if batch.counts.total == marker.requestCount {
                    matches.append(batch)
                }
            }
            let oldest = page.batches.compactMap(\.createdAt).min()
            if let oldest, oldest < floor { break }
            cursor = page.nextCursor
        } while cursor != nil
        return matches
    }

    /// `POST /v1/messages/batches/{id}/cancel`; the batch moves to `canceling`.
    package func cancelBatch(id: String) async throws -> BatchSnapshot {
        let response = try await self.transport.send(
            self.transport.jsonRequest(.POST, "/v1/messages/batches/\(Self.pathComponent(id))/cancel", label: "cancel batch")
        )
        return self.snapshot(try self.transport.decode(AnthropicWire.Batch.self, from: response, label: "cancel batch"))
    }

    /// `DELETE /v1/messages/batches/{id}`; only allowed once the batch has ended.
    package func deleteBatch(id: String) async throws {
        _ = try await self.transport.send(
            self.transport.jsonRequest(.DELETE, "/v1/messages/batches/\(Self.pathComponent(id))", label: "delete batch")
        )
    }

    /// Streams the `.jsonl` at the batch's `results_url` (kept on the configured host).
    package func results(of batch: BatchSnapshot) throws -> BatchResultStream {
        guard case .anthropic(let url) = batch.resultLocation else {
            throw ProviderError.noResults(
                provider: .anthropic,
                batchID: batch.id,
                message: "no results to read in state \(batch.providerStatus)"
            )
        }
        let transport = self.transport
        var headers = HTTPHeaders()
        headers.add(name: "accept", value: "application/binary")
        let request = ProviderHTTPRequest(
            method: .GET,
            url: transport.endpoint.rebase(url),
            headers: headers,
            timeout: transport.configuration.requestTimeout,
            label: "download results of \(batch.id)"
        )
        let download = ResultSource.Download(
            label: request.label,
            maxLineBytes: transport.configuration.maxResultLineBytes,
            open: { try await transport.open(request) },
            decode: { line, number in try Self.resultItem(line, number: number) }
        )
        return BatchResultStream(
            sources: [.download(download)],
            provider: .anthropic,
            retry: transport.configuration.downloadRetry,
            logger: transport.logger
        )
    }

    /// Escapes an id for use as one path segment.
    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? id
    }
}
