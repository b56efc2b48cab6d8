import Foundation

/// A `GenerateContentRequest` laid out for Gemini's caches (providers.md §3.5): blocks in
/// `systemInstruction → tools → contents` order with cumulative prefix hashes for implicit caching,
/// and, when `cachedContent` is set, the explicit cache whose tokens come first.
struct GeminiPrompt: Sendable {
    struct Block: Sendable {
        var tokens: Int
        var prefixHash: UInt64
    }

    var model: ModelEntry
    var requestedModel: String
    var blocks: [Block]
    /// The explicit cache used, if any.
    var cachedContent: GeminiCachedContent?
    var maxTokens: Int
    var candidates: Int
    var requestHash: UInt64

    /// Tokens of the request's own parts (excluding an explicit cache).
    var ownTokens: Int { blocks.reduce(0) { $0 + $1.tokens } }
    /// `promptTokenCount`: includes the explicit cache's tokens.
    var promptTokens: Int { ownTokens + (cachedContent?.tokens ?? 0) }

    /// Proto JSON accepts both lowerCamelCase and snake_case field names.
    static func field(_ value: JSONValue?, _ camel: String) -> JSONValue? {
        guard let value else { return nil }
        if let found = value[camel] { return found }
        var snake = ""
        for character in camel {
            if character.isUppercase {
                snake += "_" + character.lowercased()
            } else {
                snake.append(character)
            }
        }
        return value[snake]
    }

    /// The parts of one `Content` with their tokens (a role marker counts on the first part).
    static func contentParts(_ content: JSONValue) -> [(part: JSONValue, tokens: Int)] {
        guard let parts = content["parts"]?.arrayValue else {
            return [(content, EmulatorTokenizer.count(content.serializedString()))]
        }
        return parts.enumerated().map { index, part in
            let own: Int
            if let text = part["text"]?.stringValue {
                own = EmulatorTokenizer.count(text)
            } else {
                own = EmulatorTokenizer.count(part.serializedString())
            }
            return (part, own + (index == 0 ? 1 : 0))
        }
    }

    /// Tokens of a list of contents (for `countTokens` and cached contents).
    static func tokens(of contents: [JSONValue]) -> Int {
        contents.reduce(0) { $0 + contentParts($1).reduce(0) { $0 + $1.tokens } }
    }

    /// Validates `contents` the way the API does.
    static func checkContents(_ contents: JSONValue?, location: String, required: Bool) throws(APIFailure) {
        guard let contents else {
            if required { throw .invalidRequest("* \(location).contents: contents is not specified\n") }
            return
        }
        guard let list = contents.arrayValue else {
            throw .invalidRequest("Invalid JSON payload received. Unknown name \"contents\": expected a list.")
        }
        if required, list.isEmpty { throw .invalidRequest("* \(location).contents: contents is not specified\n") }
        for (index, content) in list.enumerated() {
            guard let parts = content["parts"]?.arrayValue, !parts.isEmpty else {
                throw .invalidRequest("* \(location).contents[\(index)].parts: contents.parts must not be empty.\n")
            }
            if let role = content["role"]?.stringValue, role != "user", role != "model", role != "function" {
                throw .invalidRequest("Please use a valid role: user, model.")
            }
        }
    }

    /// Builds a prompt for `generateContent` (or a batch item's request).
    /// - Parameters:
    ///   - modelName: from the path (`models/{m}:generateContent`) or the batch.
    ///   - resolveCache: looks up `cachedContents/{id}` for the request's workspace.
    static func build(
        _ request: JSONValue,
        modelName: String,
        catalogue: ModelCatalogue,
        workspace: String,
        method: String = "generateContent",
        resolveCache: (String) throws(APIFailure) -> GeminiCachedContent
    ) throws(APIFailure) -> GeminiPrompt {
        guard let model = catalogue.model(modelName, provider: .gemini), !model.retired, model.kind == .chat else {
            throw .notFound(
                "models/\(modelName.replacingOccurrences(of: "models/", with: "")) is not found for API version v1beta, or is not supported for \(method). Call ListModels to see the list of available models and their supported methods."
            )
        }
        try checkContents(field(request, "contents"), location: "GenerateContentRequest", required: true)
        var cached: GeminiCachedContent?
        if let name = field(request, "cachedContent")?.stringValue {
            let content = try resolveCache(name)
            guard content.model.id == model.id else {
                throw .invalidRequest(
                    "Model used by GenerateContent request (models/\(model.id)) and CachedContent (models/\(content.model.id)) has to be the same."
                )
            }
            if field(request, "systemInstruction") != nil || field(request, "tools") != nil
                || field(request, "toolConfig") != nil
            {
                throw .invalidRequest(
                    "CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request."
                )
            }
            cached = content
        }
        let config = field(request, "generationConfig")
        let limit = model.maxOutputTokens ?? 65536
        var maxTokens = limit
        if let requested = field(config, "maxOutputTokens"), !requested.isNull {
            guard let value = requested.intValue, value >= 1 else {
                throw .invalidRequest("* GenerateContentRequest.generation_config.max_output_tokens: must be positive.\n")
            }
            guard value <= limit else {
                throw .invalidRequest(
                    "The requested max_output_tokens (\(value)) exceeds the maximum (\(limit)) supported by models/\(model.id)."
                )
            }
            maxTokens = value
        }
        let candidates = field(config, "candidateCount")?.intValue ?? 1
        guard (1...8).contains(candidates) else {
            throw .invalidRequest("* GenerateContentRequest.generation_config.candidate_count: must be between 1 and 8.\n")
        }

        var chain = StableHash(seed: StableHash.of([workspace, model.id, cached?.name ?? ""]))
        var blocks: [Block] = []
        func append(role: String, _ parts: [(part: JSONValue, tokens: Int)]) {
            chain.combine(role)
            for (part, count) in parts {
                chain.combine(bytes: part.canonicalBytes())
                blocks.append(Block(tokens: count, prefixHash: chain.finalized))
            }
        }
        if let system = field(request, "systemInstruction") { append(role: "system", contentParts(system)) }
        if let tools = field(request, "tools") {
            append(role: "tools", [(tools, EmulatorTokenizer.count(tools.serializedString()))])
        }
        for content in field(request, "contents")?.arrayValue ?? [] {
            append(role: content["role"]?.stringValue ?? "user", contentParts(content))
        }

        var requestHash = StableHash()
        requestHash.combine(bytes: request.canonicalBytes())
        let prompt = GeminiPrompt(
            model: model, requestedModel: modelName, blocks: blocks, cachedContent: cached, maxTokens: maxTokens,
            candidates: candidates, requestHash: requestHash.finalized
        )
        if let window = model.contextWindow, prompt.promptTokens > window {
            throw .invalidRequest(
                "The input token count (\(prompt.promptTokens)) exceeds the maximum number of tokens allowed (\(window))."
            )
        }
        return prompt
    }
}
