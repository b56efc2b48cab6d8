import Foundation
import Pipeline
import Planning
import Providers
import StateStore
import Testing

/// Results are built from the journal entry's columns alone: no parse of the event.
@Suite("Result builder", .timeLimit(.minutes(1)))
struct ResultBuilderTests {
    @Test("task, document id and metadata come from the entry's columns; the record carries its status label")
    func echoFromColumns() throws {
        let entry = JournalEntry(
            tenant: "acme", requestID: "r1", sourceTopic: "llm.requests", sourcePartition: 0, sourceOffset: 0,
            event: Data("not even JSON".utf8), rendered: Data(), provider: "anthropic", model: "claude-haiku-4-5",
            endpoint: .chat, bucket: "b", receivedAt: 1_000, estimatedInputTokens: 1, byteSize: 1,
            task: "classify", documentID: "d1", metadata: #"{"batch":"b-7","n":3}"#)
        let builder = ResultBuilder(topic: "llm.results", source: "urn:test")
        let outcome = ResultBuilder.Outcome(
            status: .failed, error: ResultError(code: "x", message: "y"), provider: .anthropic, model: "claude-haiku-4-5",
            mode: .batch, attempts: 1, completedAt: Date(timeIntervalSince1970: 2))
        let event = builder.event(for: entry, outcome)
        #expect(event.task == "classify")
        #expect(event.documentID == "d1")
        #expect(event.metadata == ["batch": .string("b-7"), "n": .number(3)])
        #expect(try builder.record(for: entry, outcome).label == "failed")
    }
}
