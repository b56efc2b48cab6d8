import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Rendering request events", .timeLimit(.minutes(1)))
struct RequestRendererTests {
    let renderer: RequestRenderer

    init() throws {
        renderer = RequestRenderer(
            tasks: [
                "classify": TaskTemplate(
                    model: "claude-sonnet-4-5",
                    system: ["You classify documents.", "Labels: invoice, contract, letter."],
                    instructions: ["Answer with one label."],
                    document: "Document {{document.id}} of {{tenant}}:\n{{document.text}}",
                    maxTokens: 16, temperature: 0),
                "embed": TaskTemplate(kind: .embedding, model: "text-embedding-3-small"),
            ],
            priceBook: try PriceBook.bundled())
    }

    func event(_ json: String) throws -> RequestEvent {
        try RequestEvent.decodeValidated(from: Data(json.utf8))
    }

    @Test("a task renders shared blocks first and the document last, with the task's provider")
    func task() throws {
        let rendered = try renderer.render(event(#"{"id":"1","tenant":"acme","task":"classify","document":{"id":"d1","text":"Pay 10 EUR"}}"#))
        #expect(rendered.provider == .anthropic)
        #expect(rendered.request.system.map(\.text) == ["You classify documents.", "Labels: invoice, contract, letter."])
        #expect(rendered.request.messages.count == 1)
        #expect(rendered.request.messages[0].content.map(\.text) == ["Answer with one label.", "Document d1 of acme:\nPay 10 EUR"])
        #expect(rendered.request.parameters.maxTokens == 16)
        #expect(rendered.bucket.description.hasPrefix("anthropic/claude-sonnet-4-5/chat/"))
        #expect(rendered.estimatedInputTokens > 0)
        #expect(rendered.byteSize > 100)
    }

    @Test("documents of one task share a bucket; another task or system prompt does not")
    func buckets() throws {
        let first = try renderer.render(event(#"{"id":"1","tenant":"acme","task":"classify","document":{"id":"a","text":"one"}}"#))
        let second = try renderer.render(event(#"{"id":"2","tenant":"zeta","task":"classify","document":{"id":"b","text":"two, longer"}}"#))
        #expect(first.bucket == second.bucket)
        let raw = try renderer.render(event(#"""
            {"id":"3","tenant":"acme","request":{"kind":"chat","model":"claude-sonnet-4-5","system":"Other instructions.",
             "messages":[{"role":"user","content":"one"}],"max_tokens":16}}
            """#))
        #expect(raw.bucket != first.bucket)
        #expect(raw.bucket.provider == first.bucket.provider && raw.bucket.model == first.bucket.model)
    }

    @Test("a raw request is taken as it comes; its provider is found from the model")
    func raw() throws {
        let rendered = try renderer.render(event(#"""
            {"id":"r1","tenant":"acme","request":{"kind":"chat","model":"gpt-5-mini",
             "system":[{"type":"text","text":"Be brief.","cache":true}],
             "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"Summarize"}]}],
             "max_tokens":64,"temperature":0.2,"stop":["END"]}}
            """#))
        #expect(rendered.provider == .openai)
        #expect(rendered.request.system.map(\.text) == ["Be brief."])
        #expect(rendered.request.messages.map(\.role) == [.user, .assistant, .user])
        #expect(rendered.request.parameters.temperature == 0.2)
        #expect(rendered.request.parameters.stopSequences == ["END"])
        let embedding = try renderer.render(event(#"{"id":"e1","tenant":"acme","request":{"kind":"embedding","model":"text-embedding-3-small","input":["a","b"]}}"#))
        #expect(embedding.request.kind == .embedding)
        #expect(embedding.request.input == ["a", "b"])
        #expect(embedding.provider == .openai)
    }

    @Test("custom ids are stable per (tenant, id), distinct otherwise, and within provider rules")
    func customIDs() {
        let id = RequestRenderer.customID(tenant: "acme", id: "42")
        #expect(id == RequestRenderer.customID(tenant: "acme", id: "42"))
        #expect(id != RequestRenderer.customID(tenant: "acme2", id: "42"))
        #expect(RequestRenderer.customID(tenant: "a", id: "b\u{0}c") != RequestRenderer.customID(tenant: "a\u{0}b", id: "c"))
        #expect(id.count == 41)
        #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    @Test("unknown tasks, providers and models are clear render errors")
    func errors() throws {
        let unknownTask = #expect(throws: RenderError.self) {
            try renderer.render(event(#"{"id":"1","tenant":"acme","task":"translate","document":{"id":"d","text":"x"}}"#))
        }
        #expect(unknownTask?.type == "unknown_task")
        #expect(unknownTask?.message.contains("classify") == true)
        let unknownModel = #expect(throws: RenderError.self) {
            try renderer.render(event(#"{"id":"1","tenant":"acme","request":{"kind":"chat","model":"gpt-99","messages":[{"role":"user","content":"x"}],"max_tokens":5}}"#))
        }
        #expect(unknownModel?.type == "unknown_model")
        let wrongProvider = #expect(throws: RenderError.self) {
            try renderer.render(event(#"{"id":"1","tenant":"acme","request":{"kind":"chat","provider":"gemini","model":"claude-sonnet-4-5","messages":[{"role":"user","content":"x"}],"max_tokens":5}}"#))
        }
        #expect(wrongProvider?.message.contains("for provider gemini") == true)
    }

    @Test("templates with unknown placeholders are refused when loaded")
    func placeholders() {
        #expect(TaskTemplate.unknownPlaceholders(in: "{{document.text}} {{ tenant }}").isEmpty)
        #expect(TaskTemplate.unknownPlaceholders(in: "{{document.title}}") == ["document.title"])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TaskTemplate.self, from: Data(#"{"model":"m","document":"{{doc}}"}"#.utf8))
        }
    }
}

extension RequestRendererTests {
    @Test("the journaled encoding is the fingerprint's: it reads back as the request once its custom id is restored")
    func encodedOnce() throws {
        for json in [
            #"{"id":"1","tenant":"acme","task":"classify","document":{"id":"d1","text":"Pay 10 EUR"}}"#,
            #"{"id":"2","tenant":"acme","request":{"kind":"chat","model":"gpt-5-mini","system":"S/T","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"temperature":0.5}}"#,
            #"{"id":"3","tenant":"beta","task":"embed","document":{"id":"d3","text":"chunk"}}"#,
        ] {
            let rendered = try renderer.render(event(json))
            #expect(rendered.fingerprint == RequestFingerprint.key(of: rendered.request, provider: rendered.provider))
            var decoded = try JSONDecoder().decode(LLMRequest.self, from: rendered.encoded)
            #expect(decoded.customID.isEmpty)
            decoded.customID = rendered.request.customID
            #expect(decoded == rendered.request)
            let withID = try JSONEncoder().encode(rendered.request)
            #expect(rendered.byteSize >= withID.count)
        }
    }
}
