import Crypto
import Foundation
package import Providers

/// Turns validated request events into canonical provider requests.
///
/// Task-mode events go through their ``TaskTemplate``; raw-mode events are taken as they come.
/// Every request gets a custom id derived from (tenant, id), so a retry, a restart or a reconcile
/// always names the same request the same way, and a bucket key whose prefix group hashes the
/// request's shared-prefix candidate: everything but the last block of the last message (tools,
/// system, instructions, earlier turns), the part a provider's prompt cache can hold.
package struct RequestRenderer: Sendable {
    package var tasks: [String: TaskTemplate]
    package var priceBook: PriceBook

    package init(tasks: [String: TaskTemplate], priceBook: PriceBook) {
        self.tasks = tasks
        self.priceBook = priceBook
    }

    /// - Throws: ``RenderError`` for an unknown task, provider or model.
    package func render(_ event: RequestEvent) throws(RenderError) -> RenderedRequest {
        let customID = Self.customID(tenant: event.tenant, id: event.id)
        let request: LLMRequest
        let provider: Provider
        switch event.mode {
        case .task(let name, let document):
            guard let task = tasks[name] else { throw .unknownTask(name, known: Array(tasks.keys)) }
            provider = try resolve(provider: task.provider, model: task.model)
            let text = Self.fill(task.document, document: document, tenant: event.tenant)
            switch task.kind {
            case .chat:
                request = LLMRequest.chat(
                    customID: customID, model: task.model,
                    system: task.system.map { .text($0) },
                    messages: [ChatMessage(role: .user, content: task.instructions.map { .text($0) } + [.text(text)])],
                    parameters: GenerationParameters(maxTokens: task.maxTokens, temperature: task.temperature))
            case .embedding:
                request = LLMRequest.embedding(customID: customID, model: task.model, input: [text], dimensions: task.dimensions)
            }
        case .raw(.chat(let chat)):
            provider = try resolve(provider: chat.provider?.rawValue, model: chat.model)
            request = LLMRequest.chat(
                customID: customID, model: chat.model,
                system: chat.system.map(Self.blocks) ?? [],
                messages: chat.messages.map { ChatMessage(role: $0.role == .user ? .user : .assistant, content: Self.blocks($0.content)) },
                parameters: GenerationParameters(
                    maxTokens: chat.maxTokens, temperature: chat.temperature, topP: chat.topP, stopSequences: chat.stop ?? []))
        case .raw(.embedding(let embedding)):
            provider = try resolve(provider: embedding.provider?.rawValue, model: embedding.model)
            request = LLMRequest.embedding(
                customID: customID, model: embedding.model, input: embedding.input.texts, dimensions: embedding.dimensions)
        }
        let encoded: Data
        do {
            encoded = try RequestFingerprint.canonicalEncoding(of: request)
        } catch {
            // Only a non-finite number fails, and the contract admits none.
            throw .unsupported("the request cannot be encoded: \(error)")
        }
        return RenderedRequest(
            request: request,
            bucket: BucketKey(provider: provider, model: request.model, kind: request.kind, prefixGroup: Self.prefixGroup(of: request)),
            estimatedInputTokens: Self.estimateTokens(request),
            encoded: encoded)
    }

    /// The provider named, or else the one whose price book lists `model`; the model must be priced.
    private func resolve(provider name: String?, model: String) throws(RenderError) -> Provider {
        if let name {
            guard let provider = Provider(rawValue: name) else { throw .unknownProvider(name) }
            guard (try? priceBook.entry(provider: provider, model: model)) != nil else {
                throw .unknownModel(model, provider: name)
            }
            return provider
        }
        for provider in Provider.allCases where (try? priceBook.entry(provider: provider, model: model)) != nil {
            return provider
        }
        throw .unknownModel(model, provider: nil)
    }

    // MARK: - Pieces

    /// `r` + 40 hex digits of SHA-256(tenant, id): within every provider's custom-id rules, and the
    /// same for the same request wherever and whenever it is computed.
    package static func customID(tenant: String, id: String) -> String {
        // Length-prefixed, so no (tenant, id) pair can spell another's input.
        "r" + Hex.string(SHA256.hash(data: Data("\(tenant.utf8.count):\(tenant)\(id)".utf8))).prefix(40)
    }

    package static func prefixGroup(of request: LLMRequest) -> String {
        var hasher = SHA256()
        func feed(_ text: String) {
            hasher.update(data: Data("\(text.utf8.count):".utf8))
            hasher.update(data: Data(text.utf8))
        }
        feed(request.kind.rawValue)
        for tool in request.tools { feed(String(describing: tool)) }
        for block in request.system { feed("s" + (block.text ?? "")) }
        let turns = request.messages
        for (index, message) in turns.enumerated() {
            let blocks = index == turns.count - 1 ? message.content.dropLast() : message.content[...]
            for block in blocks { feed("\(message.role.rawValue)" + (block.text ?? "")) }
        }
        return String(Hex.string(hasher.finalize()).prefix(16))
    }

    static func estimateTokens(_ request: LLMRequest) -> Int {
        var characters = request.system.reduce(0) { $0 + ($1.text?.count ?? 0) }
        characters += request.messages.reduce(0) { $0 + $1.content.reduce(0) { $0 + ($1.text?.count ?? 0) } }
        characters += request.input.reduce(0) { $0 + $1.count }
        return (characters + 3) / 4
    }

    private static func blocks(_ content: MessageContent) -> [Providers.ContentBlock] {
        content.blocks.compactMap { block in block.text.map { Providers.ContentBlock.text($0) } }
    }

    private static func fill(_ template: String, document: Document, tenant: String) -> String {
        template
            .replacingOccurrences(of: "{{document.text}}", with: document.text)
            .replacingOccurrences(of: "{{document.id}}", with: document.id)
            .replacingOccurrences(of: "{{tenant}}", with: tenant)
    }
}
