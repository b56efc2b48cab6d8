import Foundation
import Logging
import NIOCore
import Testing

@testable import Providers

/// Encoders checked against the documented request shapes of providers.md.
@Suite("Wire encoding", .timeLimit(.minutes(1)))
struct WireEncodingTests {
    static let sonnet = LLMRequest.chat(
        customID: "req-0001",
        model: "claude-sonnet-4-5",
        system: [.text("...", cache: .oneHour)],
        messages: [.user("...")],
        parameters: GenerationParameters(maxTokens: 1024)
    )

    /// providers.md §1.2 "Create request" (content given as a block list, which the API treats
    /// the same as the string form of the example).
    @Test func anthropicBatchItemMatchesDocumentedCreateRequest() throws {
        let item = try JSONCoding.encode(
            AnthropicWire.BatchItem(custom_id: Self.sonnet.customID, params: AnthropicClient.params(for: Self.sonnet))
        )
        let expected = try TestJSON.parse(
            #"""
            {"custom_id": "req-0001",
             "params": {"model": "claude-sonnet-4-5", "max_tokens": 1024,
                        "system": [{"type":"text","text":"...","cache_control":{"type":"ephemeral","ttl":"1h"}}],
                        "messages": [{"role":"user","content":[{"type":"text","text":"..."}]}]}}
            """#
        )
        #expect(try TestJSON.parse(item) == expected)
    }

    @Test func anthropicPreparedBodyIsTheRequestsEnvelope() throws {
        let client = try TestClients.anthropic()
        let preparation = client.prepareBatches([Self.sonnet])
        #expect(preparation.rejected.isEmpty)
        let batch = try #require(preparation.batches.first)
        guard case .anthropic(let body) = batch.payload else { Issue.record("wrong payload"); return }
        #expect(body.readableBytes == batch.byteCount)
        guard case .object(let root) = try TestJSON.parse(body), case .array(let requests)? = root["requests"] else {
            Issue.record("not a requests envelope")
            return
        }
        #expect(requests.count == 1)
    }

    @Test func anthropicCountTokensBodyOmitsGenerationParameters() throws {
        var request = Self.sonnet
        request.parameters.temperature = 0.5
        let body = try TestJSON.parse(JSONCoding.encode(AnthropicClient.params(for: request, includeGeneration: false)))
        guard case .object(let root) = body else { Issue.record("not an object"); return }
        #expect(root["max_tokens"] == nil)
        #expect(root["temperature"] == nil)
        #expect(root["system"] != nil)
    }

    @Test func anthropicToolsCarryCacheControlAndChoice() throws {
        var request = Self.sonnet
        request.tools = [ToolDefinition(name: "label", description: "Label it", inputSchema: ["type": "object"], cache: .oneHour)]
        request.toolChoice = .required
        let body = try TestJSON.parse(JSONCoding.encode(AnthropicClient.params(for: request)))
        guard case .object(let root) = body else { Issue.record("not an object"); return }
        #expect(root["tools"] == (try TestJSON.parse(#"[{"name":"label","description":"Label it","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","ttl":"1h"}}]"#)))
        #expect(root["tool_choice"] == (try TestJSON.parse(#"{"type":"any"}"#)))
    }

    /// providers.md §2.2 "Input JSONL line"; `max_completion_tokens` replaces the example's
    /// `max_tokens`, which reasoning models reject.
    @Test func openAIBatchLineMatchesDocumentedShape() throws {
        var request = LLMRequest.chat(
            customID: "request-1",
            model: "gpt-4o-mini",
            system: [.text("Be brief.")],
            messages: [.user("Hello")],
            parameters: GenerationParameters(maxTokens: 1000)
        )
        request.promptCacheKey = "tenant-7"
        let line = try OpenAIClient.batchLine(request)
        let expected = try TestJSON.parse(
            #"""
            {"custom_id": "request-1", "method": "POST", "url": "/v1/chat/completions",
             "body": {"model": "gpt-4o-mini",
                      "messages": [{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
                      "max_completion_tokens": 1000, "prompt_cache_key": "tenant-7"}}
            """#
        )
        #expect(try TestJSON.parse(line) == expected)
        #expect(line.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) == nil)
    }

    @Test func openAIMultiBlockContentBecomesParts() throws {
        let request = LLMRequest.chat(customID: "x", model: "gpt-4o", system: [.text("a"), .text("b")], messages: [.user("c")])
        let body = try TestJSON.parse(JSONCoding.encode(OpenAIClient.chatBody(request, serviceTier: .flex)))
        guard case .object(let root) = body else { Issue.record("not an object"); return }
        #expect(root["service_tier"] == "flex")
        guard case .array(let messages)? = root["messages"] else { Issue.record("no messages"); return }
        #expect(messages[0] == (try TestJSON.parse(#"{"role":"system","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}"#)))
    }

    @Test func openAIEmbeddingLineTargetsEmbeddingsEndpoint() throws {
        let line = try OpenAIClient.batchLine(.embedding(customID: "e1", model: "text-embedding-3-small", input: ["hi", "there"], dimensions: 256))
        let expected = try TestJSON.parse(
            #"{"custom_id":"e1","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-3-small","input":["hi","there"],"dimensions":256,"encoding_format":"float"}}"#
        )
        #expect(try TestJSON.parse(line) == expected)
    }

    /// providers.md §3.2 "Create with inline requests" entry and file-mode line.
    @Test func geminiEntriesMatchDocumentedShapes() throws {
        let request = LLMRequest.chat(customID: "request-1", model: "gemini-2.5-flash", messages: [.user("...")], parameters: GenerationParameters(maxTokens: 10))
        let body = try GeminiClient.entryBody(request)
        let inline = try TestJSON.parse(GeminiClient.inlineEntry(customID: "request-1", body: body))
        #expect(inline == (try TestJSON.parse(
            #"{"request": {"contents": [{"role":"user","parts": [{"text": "..."}]}], "generationConfig": {"maxOutputTokens": 10}}, "metadata": {"key": "request-1"}}"#
        )))
        let line = try TestJSON.parse(GeminiClient.fileLine(customID: "request-1", body: body))
        #expect(line == (try TestJSON.parse(
            #"{"key": "request-1", "request": {"contents": [{"role":"user","parts": [{"text": "..."}]}], "generationConfig": {"maxOutputTokens": 10}}}"#
        )))
    }

    @Test func geminiRequestCarriesSystemToolsAndCacheReference() throws {
        var request = LLMRequest.chat(
            customID: "k",
            model: "gemini-2.5-pro",
            system: [.text("sys")],
            messages: [.user("u"), .assistant("a")],
            tools: [ToolDefinition(name: "f", inputSchema: ["type": "object"])]
        )
        request.toolChoice = .tool("f")
        let body = try TestJSON.parse(JSONCoding.encode(GeminiClient.generateRequest(request)))
        guard case .object(let root) = body else { Issue.record("not an object"); return }
        #expect(root["systemInstruction"] == (try TestJSON.parse(#"{"parts":[{"text":"sys"}]}"#)))
        #expect(root["contents"] == (try TestJSON.parse(#"[{"role":"user","parts":[{"text":"u"}]},{"role":"model","parts":[{"text":"a"}]}]"#)))
        #expect(root["toolConfig"] == (try TestJSON.parse(#"{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["f"]}}"#)))
        var cached = LLMRequest.chat(customID: "k", model: "gemini-2.5-pro", messages: [.user("u")])
        cached.cachedContent = "abc"
        let cachedBody = try TestJSON.parse(JSONCoding.encode(GeminiClient.generateRequest(cached)))
        guard case .object(let cachedRoot) = cachedBody else { Issue.record("not an object"); return }
        #expect(cachedRoot["cachedContent"] == "cachedContents/abc")
    }

    @Test func multipartFormHasBothPartsAndClosingBoundary() {
        var form = MultipartForm(boundary: "XYZ")
        form.addField("purpose", "batch")
        form.addFile("file", filename: "b.jsonl", contentType: "application/jsonl", data: ByteBuffer(string: "{}\n"))
        let text = String(buffer: form.finished())
        #expect(form.contentType == "multipart/form-data; boundary=XYZ")
        #expect(text == "--XYZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{}\n\r\n--XYZ--\r\n")
    }
}
