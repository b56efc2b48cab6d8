/// A Messages request laid out the way Anthropic's prompt cache sees it: a sequence of blocks in
/// `tools → system → messages` order, each with its token count, a hash of the prefix ending at it,
/// and the cache breakpoint (TTL) it carries, if any (providers.md §1.5).
struct AnthropicPrompt: Sendable {
    /// One cacheable unit of the prompt.
    struct Block: Sendable {
        /// Tokens of this block (including per-message overhead on a message's first block).
        var tokens: Int
        /// Hash of the whole prefix up to and including this block.
        var prefixHash: UInt64
        /// The TTL in seconds of a `cache_control` breakpoint on this block.
        var breakpointTTL: Double?
    }

    /// The model entry.
    var model: ModelEntry
    /// The model name as the client wrote it (echoed in responses).
    var requestedModel: String
    /// `max_tokens`.
    var maxTokens: Int
    /// Blocks in prefix order.
    var blocks: [Block]
    /// Tokens after the last block (assistant priming); never cacheable.
    var tailTokens: Int
    /// Hash of the whole request, to derive its deterministic output.
    var requestHash: UInt64

    /// All prompt tokens.
    var totalTokens: Int { blocks.reduce(tailTokens) { $0 + $1.tokens } }

    /// Token overheads of the layout (the emulator's own choice, kept small and fixed).
    enum Overhead {
        static let tools = 10
        static let system = 2
        static let message = 3
        static let tail = 3
    }
}

extension AnthropicPrompt {
    /// Checks the request's structure: what a provider rejects before looking at the model.
    /// - Parameters:
    ///   - params: the Messages body (or a batch item's `params`).
    ///   - path: prefix for error locations (`requests.3.params.`).
    ///   - inBatch: batch rules (no `stream`, no `speed`, `max_tokens ≥ 1`).
    ///   - requireMaxTokens: false for `count_tokens`.
    static func validateStructure(
        _ params: JSONValue,
        path: String = "",
        inBatch: Bool,
        requireMaxTokens: Bool = true
    ) throws(APIFailure) {
        guard case .object(let object) = params else {
            throw .invalidRequest("\(path.isEmpty ? "body" : String(path.dropLast())): Input should be an object")
        }
        guard let model = object["model"] else { throw .invalidRequest("\(path)model: Field required") }
        guard model.stringValue != nil else { throw .invalidRequest("\(path)model: Input should be a valid string") }
        if requireMaxTokens {
            guard let maxTokens = object["max_tokens"] else { throw .invalidRequest("\(path)max_tokens: Field required") }
            guard let value = maxTokens.intValue else {
                throw .invalidRequest("\(path)max_tokens: Input should be a valid integer")
            }
            if inBatch, value < 1 {
                throw .invalidRequest("\(path)max_tokens: Input should be greater than or equal to 1")
            }
            if value < 0 { throw .invalidRequest("\(path)max_tokens: Input should be greater than or equal to 0") }
        }
        guard let messages = object["messages"] else { throw .invalidRequest("\(path)messages: Field required") }
        guard let list = messages.arrayValue else { throw .invalidRequest("\(path)messages: Input should be a valid list") }
        guard !list.isEmpty else { throw .invalidRequest("\(path)messages: at least one message is required") }
        for (index, message) in list.enumerated() {
            let location = "\(path)messages.\(index)"
            guard let role = message["role"]?.stringValue else { throw .invalidRequest("\(location).role: Field required") }
            guard role == "user" || role == "assistant" else {
                throw .invalidRequest("\(location).role: Input should be 'user' or 'assistant'")
            }
            guard let content = message["content"] else { throw .invalidRequest("\(location).content: Field required") }
            switch content {
            case .string: break
            case .array(let blocks):
                for (blockIndex, block) in blocks.enumerated() {
                    guard block["type"]?.stringValue != nil else {
                        throw .invalidRequest("\(location).content.\(blockIndex).type: Field required")
                    }
                    if block["type"]?.stringValue == "text", block["text"]?.stringValue == nil {
                        throw .invalidRequest("\(location).content.\(blockIndex).text: Field required")
                    }
                    try validateCacheControl(block["cache_control"], at: "\(location).content.\(blockIndex)")
                }
            default:
                throw .invalidRequest("\(location).content: Input should be a valid string or list")
            }
        }
        if let system = object["system"] {
            switch system {
            case .string: break
            case .array(let blocks):
                for (index, block) in blocks.enumerated() {
                    guard block["type"]?.stringValue == "text", block["text"]?.stringValue != nil else {
                        throw .invalidRequest("\(path)system.\(index): Input should be a text block")
                    }
                    try validateCacheControl(block["cache_control"], at: "\(path)system.\(index)")
                }
            default: throw .invalidRequest("\(path)system: Input should be a valid string or list")
            }
        }
        if let tools = object["tools"] {
            guard let list = tools.arrayValue else { throw .invalidRequest("\(path)tools: Input should be a valid list") }
            for (index, tool) in list.enumerated() {
                guard tool["name"]?.stringValue != nil else {
                    throw .invalidRequest("\(path)tools.\(index).name: Field required")
                }
                try validateCacheControl(tool["cache_control"], at: "\(path)tools.\(index)")
            }
        }
        try validateCacheControl(object["cache_control"], at: "\(path)cache_control", topLevel: true)
        if inBatch {
            if object["stream"]?.boolValue == true {
                throw .invalidRequest("\(path)stream: streaming is not supported for requests in a Message Batch")
            }
            if object["speed"] != nil {
                throw .invalidRequest("\(path)speed: fast mode is not supported for requests in a Message Batch")
            }
        }
    }

    static func validateCacheControl(_ value: JSONValue?, at location: String, topLevel: Bool = false) throws(APIFailure) {
        guard let value, !value.isNull else { return }
        let where_ = topLevel ? location : "\(location).cache_control"
        guard value["type"]?.stringValue == "ephemeral" else {
            throw .invalidRequest("\(where_).type: Input should be 'ephemeral'")
        }
        if let ttl = value["ttl"], ttl.stringValue != "5m", ttl.stringValue != "1h" {
            throw .invalidRequest("\(where_).ttl: Input should be '5m' or '1h'")
        }
    }

    static func ttlSeconds(_ cacheControl: JSONValue?) -> Double? {
        guard let cacheControl, !cacheControl.isNull else { return nil }
        return cacheControl["ttl"]?.stringValue == "1h" ? 3600 : 300
    }

    /// Lays the request out as blocks and applies the model-level rules (model exists and is not
    /// retired, `max_tokens` within the model's limit, at most 4 breakpoints, 1h before 5m,
    /// prompt within the context window).
    /// - Parameters:
    ///   - params: a structurally valid Messages body.
    ///   - workspace: cache isolation scope (the API key stands in for the workspace).
    static func build(
        _ params: JSONValue,
        catalogue: ModelCatalogue,
        workspace: String,
        requireMaxTokens: Bool = true
    ) throws(APIFailure) -> AnthropicPrompt {
        let requestedModel = params["model"]?.stringValue ?? ""
        guard let model = catalogue.model(requestedModel, provider: .anthropic), !model.retired,
            model.kind == .chat
        else {
            throw .notFound("model: \(requestedModel)")
        }
        let maxTokens = params["max_tokens"]?.intValue ?? 0
        if requireMaxTokens, let limit = model.maxOutputTokens, maxTokens > limit {
            throw .invalidRequest(
                "max_tokens: \(maxTokens) > \(limit), which is the maximum allowed number of output tokens for \(model.id)"
            )
        }

        var chain = StableHash(seed: StableHash.of([workspace, model.id]))
        var blocks: [Block] = []
        var breakpoints = 0

        func append(_ content: JSONValue, tokens: Int, cacheControl: JSONValue?) {
            var stripped = content
            if case .object(var object) = content {
                object["cache_control"] = nil
                stripped = .object(object)
            }
            chain.combine(bytes: stripped.canonicalBytes())
            chain.combine(UInt64(tokens))
            let ttl = ttlSeconds(cacheControl)
            if ttl != nil { breakpoints += 1 }
            blocks.append(Block(tokens: tokens, prefixHash: chain.finalized, breakpointTTL: ttl))
        }

        // Tools.
        if let tools = params["tools"]?.arrayValue {
            for (index, tool) in tools.enumerated() {
                var stripped = tool
                if case .object(var object) = tool {
                    object["cache_control"] = nil
                    stripped = .object(object)
                }
                let tokens = EmulatorTokenizer.count(stripped.serializedString()) + (index == 0 ? Overhead.tools : 0)
                append(tool, tokens: tokens, cacheControl: tool["cache_control"])
            }
        }
        // System.
        if let system = params["system"] {
            switch system {
            case .string(let text):
                append(["type": "text", "text": .string(text)], tokens: EmulatorTokenizer.count(text) + Overhead.system, cacheControl: nil)
            case .array(let list):
                for (index, block) in list.enumerated() {
                    let tokens = EmulatorTokenizer.count(block["text"]?.stringValue ?? "") + (index == 0 ? Overhead.system : 0)
                    append(block, tokens: tokens, cacheControl: block["cache_control"])
                }
            default: break
            }
        }
        // Messages: settings that invalidate the messages level are mixed in at its start.
        var settings = StableHash()
        settings.combine(bytes: (params["tool_choice"] ?? .null).canonicalBytes())
        settings.combine(bytes: (params["thinking"] ?? .null).canonicalBytes())
        settings.combine(bytes: (params["output_config"] ?? .null).canonicalBytes())
        chain.combine(settings.finalized)
        for message in params["messages"]?.arrayValue ?? [] {
            let role = message["role"]?.stringValue ?? "user"
            chain.combine(role)
            switch message["content"] {
            case .string(let text):
                append(["type": "text", "text": .string(text)], tokens: EmulatorTokenizer.count(text) + Overhead.message, cacheControl: nil)
            case .array(let list):
                for (index, block) in list.enumerated() {
                    let tokens = blockTokens(block) + (index == 0 ? Overhead.message : 0)
                    append(block, tokens: tokens, cacheControl: block["cache_control"])
                }
            default: break
            }
        }
        // Automatic caching: a top-level cache_control puts a breakpoint on the last block.
        if let automatic = params["cache_control"], !automatic.isNull, !blocks.isEmpty {
            if blocks[blocks.count - 1].breakpointTTL == nil {
                breakpoints += 1
                blocks[blocks.count - 1].breakpointTTL = ttlSeconds(automatic)
            }
            if breakpoints > 4 {
                throw .invalidRequest(
                    "A maximum of 4 blocks with cache_control may be provided. Found \(breakpoints) (automatic caching uses one of the 4 slots)."
                )
            }
        }
        if breakpoints > 4 {
            throw .invalidRequest("A maximum of 4 blocks with cache_control may be provided. Found \(breakpoints).")
        }
        // 1h entries must come before 5m entries.
        var seenShort = false
        for block in blocks {
            guard let ttl = block.breakpointTTL else { continue }
            if ttl < 3600 { seenShort = true } else if seenShort {
                throw .invalidRequest(
                    "cache_control: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block."
                )
            }
        }
        var requestHash = StableHash()
        requestHash.combine(bytes: params.canonicalBytes())
        let prompt = AnthropicPrompt(
            model: model, requestedModel: requestedModel, maxTokens: maxTokens, blocks: blocks,
            tailTokens: Overhead.tail, requestHash: requestHash.finalized
        )
        if let window = model.contextWindow, prompt.totalTokens > window {
            throw .invalidRequest("prompt is too long: \(prompt.totalTokens) tokens > \(window) maximum")
        }
        return prompt
    }

    static func blockTokens(_ block: JSONValue) -> Int {
        if block["type"]?.stringValue == "text" { return EmulatorTokenizer.count(block["text"]?.stringValue ?? "") }
        var stripped = block
        if case .object(var object) = block {
            object["cache_control"] = nil
            stripped = .object(object)
        }
        return EmulatorTokenizer.count(stripped.serializedString())
    }
}
