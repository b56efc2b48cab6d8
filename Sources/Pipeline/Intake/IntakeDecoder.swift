package import Foundation
package import Planning
import Providers
package import RdKafka
import StateStore

/// Turns a consumed record into an intake decision: contract validation (size limits, required
/// fields, tenant rules), then rendering through the configured task templates.
package struct IntakeDecoder: Sendable {
    package var renderer: RequestRenderer
    package var results: ResultBuilder
    /// Whether identical requests get a shared ``RequestFingerprint`` key (the response cache is on).
    package var dedupe: Bool

    package init(renderer: RequestRenderer, results: ResultBuilder, dedupe: Bool = true) {
        self.renderer = renderer
        self.results = results
        self.dedupe = dedupe
    }

    /// Headers a result passes through from its request.
    static let passThroughHeaders: Set<String> = ["traceparent", "tracestate"]

    package func decide(_ message: KafkaConsumerMessage, receivedAt: Date) -> IntakeDecision {
        let event: RequestEvent
        do {
            event = try RequestEvent.decodeValidated(from: message.value)
        } catch {
            let headers = DeadLetterHeaders(
                originalTopic: message.topic, originalPartition: message.partition, originalOffset: message.offset,
                error: error, failedAt: EventTimestamp(receivedAt))
            return .deadLetter(headers: Self.kafkaHeaders(headers), reason: error.description)
        }
        let rendered: RenderedRequest
        do {
            rendered = try renderer.render(event)
        } catch {
            return rejection(of: event, message, error, receivedAt: receivedAt)
        }
        return .accept(entry(event, message, rendered: rendered, receivedAt: receivedAt))
    }

    private func entry(
        _ event: RequestEvent, _ message: KafkaConsumerMessage, rendered: RenderedRequest?, provider: Provider? = nil,
        model: String? = nil, receivedAt: Date
    ) -> JournalEntry {
        var task: String?
        var documentID: String?
        if case .task(let name, let document) = event.mode {
            task = name
            documentID = document.id
        }
        return JournalEntry(
            tenant: event.tenant, requestID: event.id, kafkaKey: message.key.map { Data($0) },
            headers: message.headers.compactMap { header in
                guard Self.passThroughHeaders.contains(header.name), let value = header.stringValue else { return nil }
                return RecordHeader(name: header.name, value: value)
            },
            sourceTopic: message.topic, sourcePartition: message.partition, sourceOffset: message.offset,
            event: Data(message.value), rendered: rendered?.encoded ?? Data(),
            provider: (rendered?.provider ?? provider ?? .anthropic).rawValue,
            model: rendered?.request.model ?? model ?? "",
            endpoint: rendered?.request.kind == .embedding ? .embedding : .chat,
            bucket: rendered?.bucket.description ?? "rejected",
            priority: RequestPriority(event.effectivePriority),
            deadline: event.deadline.map { $0.date.unixMilliseconds },
            receivedAt: receivedAt.unixMilliseconds,
            estimatedInputTokens: rendered?.estimatedInputTokens ?? 0,
            byteSize: rendered?.byteSize ?? 0,
            dedupeKey: dedupe ? rendered?.fingerprint : nil,
            task: task, documentID: documentID, metadata: event.metadata.flatMap(Self.metadataJSON))
    }

    /// An unknown model of a provider that can be named is answered with a failed result; anything
    /// else (an unknown task, a model no provider is known for) has no provider to report and goes
    /// to the dead-letter topic.
    private func rejection(
        of event: RequestEvent, _ message: KafkaConsumerMessage, _ error: RenderError, receivedAt: Date
    ) -> IntakeDecision {
        if error.isUnknownModel, case .raw(let raw) = event.mode,
            let provider = raw.providerName.flatMap(Provider.init(rawValue:)) ?? Provider.inferred(fromModel: raw.model)
        {
            let entry = entry(event, message, rendered: nil, provider: provider, model: raw.model, receivedAt: receivedAt)
            let outcome = ResultBuilder.Outcome(
                status: .failed, error: ResultError(code: error.type, message: error.message), provider: provider,
                model: raw.model, mode: .batch, attempts: 0, completedAt: receivedAt)
            if let record = try? results.record(for: entry, outcome) {
                return .reject(
                    entry, PendingResolution(request: entry.key, status: .failed(error: error.description), result: record))
            }
        }
        let headers = DeadLetterHeaders(
            originalTopic: message.topic, originalPartition: message.partition, originalOffset: message.offset,
            errorClass: error.type, errorMessage: error.message, failedAt: EventTimestamp(receivedAt), attempts: 1)
        return .deadLetter(headers: Self.kafkaHeaders(headers), reason: error.description)
    }

    /// The event's `metadata` as the result will echo it (JSON text, keys sorted).
    static func metadataJSON(_ metadata: [String: Planning.JSONValue]) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(metadata)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func kafkaHeaders(_ headers: DeadLetterHeaders) -> [KafkaHeader] {
        headers.headers.map { KafkaHeader(name: $0.name, string: $0.value) }
    }
}

extension RequestPriority {
    init(_ priority: Priority) {
        switch priority {
        case .low: self = .low
        case .normal: self = .normal
        case .high: self = .high
        }
    }
}

extension RawRequest {
    /// The provider the producer named, if any.
    var providerName: String? {
        switch self {
        case .chat(let chat): chat.provider?.rawValue
        case .embedding(let embedding): embedding.provider?.rawValue
        }
    }

    var model: String {
        switch self {
        case .chat(let chat): chat.model
        case .embedding(let embedding): embedding.model
        }
    }
}

extension Provider {
    /// The provider whose model names look like `model` (`claude-…`, `gpt-…`/`o…`/`text-embedding-…`,
    /// `gemini-…`), for reporting an unknown model against the provider it was meant for.
    static func inferred(fromModel model: String) -> Provider? {
        let name = model.lowercased()
        if name.hasPrefix("claude") { return .anthropic }
        if name.hasPrefix("gemini") || name.hasPrefix("models/gemini") { return .gemini }
        if name.hasPrefix("gpt") || name.hasPrefix("text-embedding") || name.hasPrefix("chatgpt")
            || (name.first == "o" && name.dropFirst().first?.isNumber == true)
        {
            return .openai
        }
        return nil
    }
}
