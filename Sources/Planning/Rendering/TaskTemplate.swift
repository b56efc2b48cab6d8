import Foundation

/// A configured task: how a task-mode event (`task` + `document`) becomes an LLM request.
///
/// The long shared part (system blocks, then instruction blocks at the head of the user turn) is
/// identical for every document of the task, so it is what the provider's prompt cache can hold;
/// the document goes last, in the `document` template.
package struct TaskTemplate: Sendable, Hashable, Decodable {
    /// `chat` (the default) or `embedding` (the rendered document is the input).
    package var kind: Kind
    /// The provider; when absent it is found from the model in the price book.
    package var provider: String?
    package var model: String
    /// Shared system blocks, in order.
    package var system: [String]
    /// Shared blocks at the head of the user turn, before the document.
    package var instructions: [String]
    /// The per-document text; `{{document.text}}`, `{{document.id}}` and `{{tenant}}` are replaced.
    package var document: String
    package var maxTokens: Int
    package var temperature: Double?
    /// Embedding size, where the model can shorten its vectors.
    package var dimensions: Int?

    package enum Kind: String, Sendable, Hashable, Decodable {
        case chat
        case embedding
    }

    /// The placeholders ``document`` may use.
    package static let placeholders: Set<String> = ["document.text", "document.id", "tenant"]

    package init(
        kind: Kind = .chat, provider: String? = nil, model: String, system: [String] = [], instructions: [String] = [],
        document: String = "{{document.text}}", maxTokens: Int = 1_024, temperature: Double? = nil, dimensions: Int? = nil
    ) {
        self.kind = kind
        self.provider = provider
        self.model = model
        self.system = system
        self.instructions = instructions
        self.document = document
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.dimensions = dimensions
    }

    private enum CodingKeys: String, CodingKey {
        case kind, provider, model, system, instructions, document, temperature, dimensions
        case maxTokens = "max_tokens"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .chat,
            provider: try container.decodeIfPresent(String.self, forKey: .provider),
            model: try container.decode(String.self, forKey: .model),
            system: try container.decodeIfPresent([String].self, forKey: .system) ?? [],
            instructions: try container.decodeIfPresent([String].self, forKey: .instructions) ?? [],
            document: try container.decodeIfPresent(String.self, forKey: .document) ?? "{{document.text}}",
            maxTokens: try container.decodeIfPresent(Int.self, forKey: .maxTokens) ?? 1_024,
            temperature: try container.decodeIfPresent(Double.self, forKey: .temperature),
            dimensions: try container.decodeIfPresent(Int.self, forKey: .dimensions))
        if let unknown = Self.unknownPlaceholders(in: document).first {
            throw DecodingError.dataCorruptedError(
                forKey: .document, in: container,
                debugDescription: "unknown placeholder {{\(unknown)}}; known: \(Self.placeholders.sorted().joined(separator: ", "))")
        }
    }

    /// Placeholders in `text` that are not in ``placeholders``.
    package static func unknownPlaceholders(in text: String) -> [String] {
        var unknown: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !placeholders.contains(name) { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        return unknown
    }
}
