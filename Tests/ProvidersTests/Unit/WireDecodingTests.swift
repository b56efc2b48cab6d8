import Foundation
import NIOCore
import Testing

@testable import Providers

/// Decoders checked against the documented response shapes of providers.md.
@Suite("Wire decoding", .timeLimit(.minutes(1)))
struct WireDecodingTests {
    // MARK: Anthropic (§1.2)

    @Test func anthropicSucceededLineNormalizesUsage() throws {
        let line = TestJSON.buffer(
            #"""
            {"custom_id":"req-1","result":{"type":"succeeded","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Hello"},{"type":"tool_use","id":"tu_1","name":"label","input":{"x":1}},{"type":"text","text":" world"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"output_tokens":7,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
                      "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":3000},"service_tier":"batch"}}}}
            """#
        )
        let item = try AnthropicClient.resultItem(line, number: 1)
        #expect(item.customID == "req-1")
        let response = try #require(item.response)
        #expect(response.text == "Hello world")
        #expect(response.toolCalls == [ToolCall(id: "tu_1", name: "label", arguments: ["x": 1])])
        #expect(response.stopReason == .endTurn)
        #expect(response.usage == TokenUsage(inputTokens: 12, cacheReadInputTokens: 0, cacheWriteInputTokens: 3000, cacheWriteSplit: .init(fiveMinute: 0, oneHour: 3000), outputTokens: 7))
    }

    @Test func anthropicErroredCanceledExpiredLines() throws {
        let errored = try AnthropicClient.resultItem(
            TestJSON.buffer(#"{"custom_id":"a","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"bad"},"request_id":"req_9"}}}"#),
            number: 1
        )
        guard case .errored(let error) = errored.outcome else { Issue.record("not errored"); return }
        #expect(error.type == "invalid_request_error")
        #expect(error.message == "bad")
        #expect(!error.isRetriable)
        let overloaded = try AnthropicClient.resultItem(
            TestJSON.buffer(#"{"custom_id":"b","result":{"type":"errored","error":{"type":"error","error":{"type":"overloaded_error","message":"busy"}}}}"#),
            number: 2
        )
        guard case .errored(let busy) = overloaded.outcome else { Issue.record("not errored"); return }
        #expect(busy.isRetriable)
        #expect(try AnthropicClient.resultItem(TestJSON.buffer(#"{"custom_id":"c","result":{"type":"canceled"}}"#), number: 3).outcome == .canceled)
        #expect(try AnthropicClient.resultItem(TestJSON.buffer(#"{"custom_id":"d","result":{"type":"expired"}}"#), number: 4).outcome == .expired)
        #expect(throws: ProviderError.self) { try AnthropicClient.resultItem(TestJSON.buffer(#"{"custom_id":"d","result":{"type":"mystery"}}"#), number: 5) }
        #expect(throws: ProviderError.self) { try AnthropicClient.resultItem(TestJSON.buffer(#"{"truncated":"#), number: 6) }
    }

    @Test func anthropicBatchObjectBecomesSnapshot() throws {
        let client = try TestClients.anthropic()
        let running = try JSONDecoder().decode(
            AnthropicWire.Batch.self,
            from: Data(#"""
            {"id":"msgbatch_01","type":"message_batch","processing_status":"in_progress",
             "request_counts":{"processing":5,"succeeded":0,"errored":0,"canceled":0,"expired":0},
             "created_at":"2026-11-20T10:00:00.123456Z","expires_at":"2026-11-21T10:00:00Z",
             "ended_at":null,"cancel_initiated_at":null,"archived_at":null,"results_url":null}
            """#.utf8)
        )
        let snapshot = client.snapshot(running)
        #expect(snapshot.state == .running)
        #expect(snapshot.counts.total == 5)
        #expect(!snapshot.hasResults)
        #expect(snapshot.createdAt != nil)
        #expect(snapshot.expiresAt!.timeIntervalSince(snapshot.createdAt!) > 86_399)
        let ended = try JSONDecoder().decode(
            AnthropicWire.Batch.self,
            from: Data(#"""
            {"id":"msgbatch_01","type":"message_batch","processing_status":"ended",
             "request_counts":{"processing":0,"succeeded":3,"errored":1,"canceled":0,"expired":1},
             "created_at":"2026-11-20T10:00:00Z","ended_at":"2026-11-20T10:30:00Z",
             "results_url":"https://api.anthropic.com/v1/messages/batches/msgbatch_01/results"}
            """#.utf8)
        )
        let done = client.snapshot(ended)
        #expect(done.state == .completed)
        #expect(done.counts == BatchRequestCounts(total: 5, processing: 0, succeeded: 3, errored: 1, canceled: 0, expired: 1))
        #expect(done.resultLocation == .anthropic(resultsURL: "https://api.anthropic.com/v1/messages/batches/msgbatch_01/results"))
        #expect(client.transport.endpoint.rebase("https://api.anthropic.com/v1/messages/batches/msgbatch_01/results")
            == "http://127.0.0.1:9/v1/messages/batches/msgbatch_01/results")
    }

    // MARK: OpenAI (§2.2)

    @Test func openAIOutputLineSucceeded() throws {
        let line = TestJSON.buffer(
            #"""
            {"id":"batch_req_123","custom_id":"request-2","response":{"status_code":200,"request_id":"req_123",
             "body":{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920}}}},"error":null}
            """#
        )
        let item = try OpenAIClient.resultItem(line, number: 1)
        #expect(item.customID == "request-2")
        let response = try #require(item.response)
        #expect(response.text == "Hi")
        #expect(response.stopReason == .endTurn)
        #expect(response.usage == TokenUsage(inputTokens: 86, cacheReadInputTokens: 1920, outputTokens: 300))
    }

    @Test func openAIErrorFileLines() throws {
        let expired = try OpenAIClient.resultItem(
            TestJSON.buffer(#"{"id":"batch_req_123","custom_id":"request-3","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}"#),
            number: 1
        )
        #expect(expired.outcome == .expired)
        let cancelled = try OpenAIClient.resultItem(TestJSON.buffer(#"{"custom_id":"r4","response":null,"error":{"code":"batch_cancelled","message":"x"}}"#), number: 2)
        #expect(cancelled.outcome == .canceled)
        let badRequest = try OpenAIClient.resultItem(
            TestJSON.buffer(#"{"custom_id":"r5","response":{"status_code":400,"request_id":"q","body":{"error":{"message":"bad param","type":"invalid_request_error","param":"x","code":null}}},"error":null}"#),
            number: 3
        )
        guard case .errored(let error) = badRequest.outcome else { Issue.record("not errored"); return }
        #expect(error.httpStatus == 400)
        #expect(error.type == "invalid_request_error")
        #expect(error.category == .fixRequest)
        let server = try OpenAIClient.resultItem(
            TestJSON.buffer(#"{"custom_id":"r6","response":{"status_code":500,"body":{"error":{"message":"oops","type":"server_error"}}}}"#),
            number: 4
        )
        guard case .errored(let serverError) = server.outcome else { Issue.record("not errored"); return }
        #expect(serverError.isRetriable)
    }

    @Test func openAIEmbeddingOutputLine() throws {
        let item = try OpenAIClient.resultItem(
            TestJSON.buffer(#"{"custom_id":"e","response":{"status_code":200,"body":{"object":"list","data":[{"object":"embedding","index":1,"embedding":[3,4]},{"object":"embedding","index":0,"embedding":[1.5,2]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}}}"#),
            number: 1
        )
        let response = try #require(item.response)
        #expect(response.embeddings == [[1.5, 2], [3, 4]])
        #expect(response.usage == TokenUsage(inputTokens: 8))
    }

    @Test func openAIFailedBatchIsQueueFullOnTokenLimit() throws {
        let batch = try JSONDecoder().decode(
            OpenAIWire.Batch.self,
            from: Data(#"""
            {"id":"batch_abc123","object":"batch","endpoint":"/v1/chat/completions","model":"gpt-4o","input_file_id":"file-1","completion_window":"24h",
             "status":"failed","output_file_id":null,"error_file_id":null,
             "errors":{"object":"list","data":[{"code":"token_limit_exceeded","message":"Enqueued token limit reached for gpt-4o in organization org-x. Limit: 90,000 enqueued tokens. Please try again once some in_progress batches have been completed.","param":null,"line":null}]},
             "created_at":1714508499,"in_progress_at":null,"expires_at":1714594899,"failed_at":1714508500,
             "request_counts":{"total":0,"completed":0,"failed":0},"metadata":{"sluice_marker":"m-1"}}
            """#.utf8)
        )
        let snapshot = OpenAIClient.snapshot(batch)
        #expect(snapshot.state == .failed)
        #expect(snapshot.label == "m-1")
        #expect(snapshot.model == "gpt-4o")
        let failure = try #require(snapshot.failure)
        #expect(failure.category == .queueFull)
        #expect(failure.isRetriable)
        #expect(failure.errorType == "token_limit_exceeded")
        #expect(!snapshot.hasResults)
        #expect(snapshot.createdAt == Date(timeIntervalSince1970: 1714508499))
    }

    @Test func openAICompletedBatchPointsAtBothFiles() throws {
        let batch = try JSONDecoder().decode(
            OpenAIWire.Batch.self,
            from: Data(#"{"id":"b","status":"completed","output_file_id":"file-out","error_file_id":"file-err","request_counts":{"total":3,"completed":2,"failed":1}}"#.utf8)
        )
        let snapshot = OpenAIClient.snapshot(batch)
        #expect(snapshot.state == .completed)
        #expect(snapshot.counts.succeeded == 2 && snapshot.counts.errored == 1 && snapshot.counts.processing == 0)
        #expect(snapshot.resultLocation == .openAI(outputFileID: "file-out", errorFileID: "file-err"))
    }

    // MARK: Gemini (§3.2)

    @Test func geminiAcceptsBothStateVocabularies() {
        for prefix in ["BATCH_STATE_", "JOB_STATE_"] {
            #expect(GeminiClient.state(prefix + "PENDING") == .pending)
            #expect(GeminiClient.state(prefix + "RUNNING") == .running)
            #expect(GeminiClient.state(prefix + "SUCCEEDED") == .completed)
            #expect(GeminiClient.state(prefix + "FAILED") == .failed)
            #expect(GeminiClient.state(prefix + "CANCELLED") == .canceled)
            #expect(GeminiClient.state(prefix + "EXPIRED") == .expired)
        }
    }

    @Test func geminiOperationWithInlineResponses() throws {
        let operation = try JSONDecoder().decode(
            GeminiWire.BatchOperation.self,
            from: Data(#"""
            {"name":"batches/123","metadata":{"@type":"type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
              "model":"models/gemini-2.5-flash","displayName":"m-2","state":"JOB_STATE_SUCCEEDED","createTime":"2026-11-20T10:00:00.123456789Z",
              "batchStats":{"requestCount":"2","successfulRequestCount":"1","failedRequestCount":"1"},
              "output":{"inlinedResponses":{"inlinedResponses":[
                {"response":{"candidates":[{"content":{"parts":[{"text":"thinking","thought":true},{"text":"Yes"}],"role":"model"},"finishReason":"STOP"}],
                             "usageMetadata":{"promptTokenCount":5000,"cachedContentTokenCount":4096,"candidatesTokenCount":3,"thoughtsTokenCount":10,"totalTokenCount":5013},
                             "modelVersion":"gemini-2.5-flash","responseId":"r1"},"metadata":{"key":"k1"}},
                {"error":{"code":8,"message":"quota","status":"RESOURCE_EXHAUSTED"},"metadata":{"key":"k2"}}]}}},
             "done":true}
            """#.utf8)
        )
        let snapshot = GeminiClient.snapshot(operation)
        #expect(snapshot.id == "batches/123")
        #expect(snapshot.state == .completed)
        #expect(snapshot.label == "m-2")
        #expect(snapshot.model == "gemini-2.5-flash")
        #expect(snapshot.counts.total == 2 && snapshot.counts.errored == 1)
        #expect(snapshot.createdAt != nil)
        #expect(snapshot.resultLocation == .geminiInline)
        let items = try GeminiClient.inlineItems(operation.batch.output, batchID: "batches/123")
        #expect(items.count == 2)
        let first = try #require(items[0].response)
        #expect(items[0].customID == "k1")
        #expect(first.text == "Yes")
        #expect(first.usage == TokenUsage(inputTokens: 904, cacheReadInputTokens: 4096, outputTokens: 13))
        guard case .errored(let error) = items[1].outcome else { Issue.record("not errored"); return }
        #expect(error.type == "RESOURCE_EXHAUSTED")
        #expect(error.isRetriable)
    }

    @Test func geminiExpiredJobHasNoResults() throws {
        let operation = try JSONDecoder().decode(
            GeminiWire.BatchOperation.self,
            from: Data(#"{"name":"batches/9","metadata":{"state":"BATCH_STATE_EXPIRED","displayName":"x"}}"#.utf8)
        )
        let snapshot = GeminiClient.snapshot(operation)
        #expect(snapshot.state == .expired)
        #expect(!snapshot.hasResults)
        let client = try TestClients.gemini()
        #expect { try client.results(of: snapshot) } throws: { ($0 as? ProviderError)?.isNoResults == true }
    }

    @Test func geminiFileLinesAndBareBatchResource() throws {
        let ok = try GeminiClient.resultItem(
            TestJSON.buffer(#"{"key":"request-1","response":{"candidates":[{"content":{"parts":[{"text":"A"}]},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":2}}}"#),
            number: 1
        )
        #expect(ok.response?.stopReason == .maxTokens)
        #expect(ok.response?.usage == TokenUsage(inputTokens: 10, outputTokens: 2))
        let failed = try GeminiClient.resultItem(TestJSON.buffer(#"{"key":"request-2","status":{"code":3,"message":"bad"}}"#), number: 2)
        guard case .errored(let error) = failed.outcome else { Issue.record("not errored"); return }
        #expect(error.category == .fixRequest)
        let embedding = try GeminiClient.resultItem(TestJSON.buffer(#"{"key":"e","response":{"embedding":{"values":[0.25,0.5]}}}"#), number: 3)
        #expect(embedding.response?.embeddings == [[0.25, 0.5]])
        let bare = try JSONDecoder().decode(
            GeminiWire.BatchOperation.self,
            from: Data(#"{"name":"batches/7","displayName":"y","state":"BATCH_STATE_SUCCEEDED","output":{"responsesFile":"files/out-7"}}"#.utf8)
        )
        #expect(GeminiClient.snapshot(bare).resultLocation == .geminiFile(name: "files/out-7"))
    }

    // MARK: Error bodies (§1.7, §2.7, §3.7)

    @Test func errorBodiesOfAllThreeProviders() {
        let anthropic = ErrorBody.parse(TestJSON.buffer(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#))
        #expect(anthropic.type == "overloaded_error" && anthropic.message == "Overloaded")
        let openAI = ErrorBody.parse(TestJSON.buffer(#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#))
        #expect(openAI.type == "insufficient_quota")
        let gemini = ErrorBody.parse(TestJSON.buffer(#"{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED","details":[]}}"#))
        #expect(gemini.type == "RESOURCE_EXHAUSTED" && gemini.message == "Resource has been exhausted")
        let junk = ErrorBody.parse(TestJSON.buffer("<html>502</html>"))
        #expect(junk.type == nil && junk.message == nil)
    }
}
