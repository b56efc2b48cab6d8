package import Foundation
package import Planning
package import Providers
package import StateStore

/// Builds the outbox records of result events: the contract's shape, CloudEvents headers with a
/// stable id, the request's key, and its trace context passed through.
package struct ResultBuilder: Sendable {
    package var topic: String
    package var source: String

    package init(topic: String, source: String) {
        self.topic = topic
        self.source = source
    }

    /// What a request's result says, beyond what its journal entry already knows.
    package struct Outcome: Sendable {
        package var status: ResultStatus
        package var response: LLMResponse?
        package var error: ResultError?
        package var provider: Provider
        package var model: String
        package var mode: ExecutionMode
        package var providerBatchID: String?
        package var usage: Providers.TokenUsage
        package var actual: Decimal
        package var baseline: Decimal
        package var attempts: Int
        package var submittedAt: Date?
        package var completedAt: Date

        package init(
            status: ResultStatus, response: LLMResponse? = nil, error: ResultError? = nil, provider: Provider,
            model: String, mode: ExecutionMode, providerBatchID: String? = nil, usage: Providers.TokenUsage = .zero,
            actual: Decimal = 0, baseline: Decimal = 0, attempts: Int, submittedAt: Date? = nil, completedAt: Date
        ) {
            self.status = status
            self.response = response
            self.error = error
            self.provider = provider
            self.model = model
            self.mode = mode
            self.providerBatchID = providerBatchID
            self.usage = usage
            self.actual = actual
            self.baseline = baseline
            self.attempts = attempts
            self.submittedAt = submittedAt
            self.completedAt = completedAt
        }
    }

    /// The result event of `entry`.
    package func event(for entry: JournalEntry, _ outcome: Outcome) -> ResultEvent {
        var metadata: [String: Planning.JSONValue]?
        if let text = entry.metadata, case .object(let object)? = Planning.JSONValue.parseBytes(Data(text.utf8)) {
            metadata = object
        }
        let received = Date(unixMilliseconds: entry.receivedAt)
        // The contract: output exactly when succeeded (an answer without a response is empty text).
        let output: ResultOutput? =
            outcome.status == .succeeded ? (outcome.response.map(Self.output) ?? .text("", stopReason: nil)) : nil
        return ResultEvent(
            id: entry.requestID, tenant: entry.tenant, task: entry.task, documentID: entry.documentID, status: outcome.status,
            output: output,
            provider: ProviderName(outcome.provider), model: outcome.model, mode: outcome.mode,
            batchID: outcome.providerBatchID, usage: Planning.TokenUsage(outcome.usage),
            cost: Cost(actual: USD(outcome.actual), baseline: USD(outcome.baseline)),
            timing: ResultTiming(
                receivedAt: EventTimestamp(received),
                submittedAt: outcome.submittedAt.map { EventTimestamp(max($0, received)) },
                completedAt: EventTimestamp(max(outcome.completedAt, outcome.submittedAt ?? received, received))),
            attempts: outcome.attempts,
            error: outcome.status == .succeeded ? nil : (outcome.error ?? ResultError(code: "internal", message: "no error recorded")),
            metadata: metadata)
    }

    /// The outbox record of `entry`'s result.
    package func record(for entry: JournalEntry, _ outcome: Outcome) throws -> OutboxRecord {
        let event = event(for: entry, outcome)
        var record = try record(event, key: entry.kafkaKey, passThrough: entry.headers, time: outcome.completedAt)
        record.label = event.status.rawValue
        return record
    }

    /// An outbox record for any output event, with CloudEvents headers and trace context.
    package func record<Event: CloudEventPayload>(
        _ event: Event, key: Data?, passThrough: [RecordHeader] = [], time: Date, topic: String? = nil
    ) throws -> OutboxRecord {
        let traceparent = passThrough.last { $0.name == "traceparent" }?.value
        let tracestate = passThrough.last { $0.name == "tracestate" }?.value
        let headers = event.cloudEventHeaders(
            source: source, time: EventTimestamp(time), traceparent: traceparent, tracestate: tracestate)
        return OutboxRecord(
            topic: topic ?? self.topic, key: key, value: try JSONEncoder().encode(event),
            headers: headers.headers.map { RecordHeader(name: $0.name, value: $0.value) },
            dedupeKey: event.cloudEventID)
    }

    static func output(_ response: LLMResponse) -> ResultOutput {
        switch response.output {
        case .text(let text):
            return .text(text, stopReason: response.stopReason.map(Planning.StopReason.init))
        case .embeddings(let vectors):
            let doubles = vectors.map { $0.map(Double.init) }
            return doubles.count == 1 ? .embedding(doubles[0]) : .embeddings(doubles)
        }
    }
}

extension Planning.StopReason {
    init(_ reason: Providers.StopReason) {
        switch reason {
        case .endTurn: self = .end
        case .maxTokens: self = .maxTokens
        case .stopSequence: self = .stopSequence
        case .contentFilter: self = .contentFilter
        case .toolUse, .other: self = .other
        }
    }
}

extension Planning.TokenUsage {
    init(_ usage: Providers.TokenUsage) {
        self.init(
            inputTokens: usage.inputTokens, cacheReadInputTokens: usage.cacheReadInputTokens,
            cacheWriteInputTokens: usage.cacheWriteInputTokens, outputTokens: usage.outputTokens)
    }
}

extension ProviderName {
    init(_ provider: Provider) {
        switch provider {
        case .anthropic: self = .anthropic
        case .openai: self = .openai
        case .gemini: self = .gemini
        }
    }
}
