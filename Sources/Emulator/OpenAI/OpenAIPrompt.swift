/// A Chat Completions request as OpenAI's automatic prefix cache sees it: one token stream (tools,
/// then each message's role marker and content, then the reply priming), with hashes of its
/// prefixes and, for GPT-5.6+ models, the positions of cache breakpoints (providers.md §2.5).
struct OpenAIPrompt: Sendable {
    /// The model entry.
    var model: ModelEntry
    /// The model name as the client wrote it.
    var requestedModel: String
    /// `max_completion_tokens` / `max_tokens`, or the model's limit.
    var maxTokens: Int
    /// Number of choices.
    var choices: Int
    /// One hash per token of the prompt.
    var tokenHashes: [UInt64]
    /// Token positions (prefix lengths) that are breakpoints, ascending (GPT-5.6+ models).
    var breakpoints: [Int]
    /// `prompt_cache_key`.
    var cacheKey: String?
    /// Seconds a cache entry lives without hits.
    var retention: Double
    /// `service_tier` as requested.
    var serviceTier: String?
    /// Hash of the whole request, to derive its output.
    var requestHash: UInt64

    /// Prompt tokens.
    var promptTokens: Int { tokenHashes.count }

    enum Overhead {
        static let message = 3
        static let reply = 3
    }

    /// Parses and checks a Chat Completions body.
    /// - Parameter batch: apply batch rules (no streaming).
    static func build(_ body: JSONValue, catalogue: ModelCatalogue, batch: Bool) throws(APIFailure) -> OpenAIPrompt {
        guard case .object = body else { throw .invalidRequest("The request body must be a JSON object.") }
        guard let modelName = body["model"]?.stringValue else {
            throw .invalidRequest("Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        }
        guard let messages = body["messages"]?.arrayValue else {
            throw .invalidRequest(
                "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter"
            )
        }
        guard !messages.isEmpty else {
            throw .invalidRequest(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                param: "messages", code: "empty_array"
            )
        }
        guard let model = catalogue.model(modelName, provider: .openai), !model.retired else {
            throw .notFound("The model `\(modelName)` does not exist or you do not have access to it.", code: "model_not_found")
        }
        guard model.kind == .chat else {
            throw .invalidRequest(
                "This is not a chat model and thus not supported in the v1/chat/completions endpoint.", param: "model",
                code: "model_not_supported"
            )
        }
        if body["stream"]?.boolValue == true {
            throw .invalidRequest(
                batch ? "Streaming is not supported in the Batch API." : "stream: streaming responses are not supported by this emulator",
                param: "stream", code: "unsupported_parameter"
            )
        }
        let limit = model.maxOutputTokens ?? 16384
        var maxTokens = limit
        for key in ["max_completion_tokens", "max_tokens"] {
            guard let value = body[key], !value.isNull else { continue }
            guard let requested = value.intValue, requested >= 1 else {
                throw .invalidRequest("Invalid '\(key)': must be a positive integer.", param: key, code: "invalid_value")
            }
            guard requested <= limit else {
                throw .invalidRequest(
                    "\(key) is too large: \(requested). This model supports at most \(limit) completion tokens, whereas you provided \(requested).",
                    param: key, code: "invalid_value"
                )
            }
            maxTokens = requested
        }
        let choices = body["n"]?.intValue ?? 1
        guard (1...128).contains(choices) else {
            throw .invalidRequest("Invalid 'n': must be between 1 and 128.", param: "n", code: "invalid_value")
        }
        let tier = body["service_tier"]?.stringValue
        if let tier, !["auto", "default", "flex", "priority", "scale"].contains(tier) {
            throw .invalidRequest("Invalid value for 'service_tier': '\(tier)'.", param: "service_tier", code: "invalid_value")
        }
        if tier == "flex", !model.flex {
            throw .invalidRequest(
                "Flex processing is not available for model '\(model.id)'.", param: "service_tier", code: "invalid_value"
            )
        }
        var retention: Double = 300
        if let value = body["prompt_cache_retention"]?.stringValue {
            switch value {
            case "in_memory", "in-memory": retention = 300
            case "24h": retention = 24 * 3600
            default:
                throw .invalidRequest(
                    "Invalid value for 'prompt_cache_retention': '\(value)'.", param: "prompt_cache_retention",
                    code: "invalid_value"
                )
            }
        }
        let breakpointMode = model.cacheMode == .openAIBreakpoints
        var explicitOnly = false
        if let options = body["prompt_cache_options"], !options.isNull {
            guard breakpointMode else {
                throw .invalidRequest(
                    "prompt_cache_options is not supported for model '\(model.id)'.", param: "prompt_cache_options",
                    code: "unsupported_parameter"
                )
            }
            if body["prompt_cache_retention"] != nil {
                throw .invalidRequest(
                    "prompt_cache_retention cannot be combined with prompt_cache_options.", param: "prompt_cache_retention",
                    code: "invalid_request"
                )
            }
            explicitOnly = options["mode"]?.stringValue == "explicit"
            if let ttl = options["ttl"]?.stringValue, ttl != "30m" {
                throw .invalidRequest(
                    "Invalid value for 'prompt_cache_options.ttl': '\(ttl)'. Supported values are: '30m'.",
                    param: "prompt_cache_options.ttl", code: "invalid_value"
                )
            }
        }
        if breakpointMode { retention = 1800 }

        var tokens: [UInt64] = []
        if let tools = body["tools"]?.arrayValue, !tools.isEmpty {
            tokens.append(StableHash.of("<tools>"))
            for tool in tools { tokens.append(contentsOf: EmulatorTokenizer.tokenHashes(String(decoding: tool.canonicalBytes(), as: UTF8.self))) }
        }
        var breakpoints: [Int] = []
        var lastUserOrToolEnd: Int?
        for (index, message) in messages.enumerated() {
            guard let role = message["role"]?.stringValue else {
                throw .invalidRequest(
                    "Missing required parameter: 'messages[\(index)].role'.", param: "messages[\(index)].role",
                    code: "missing_required_parameter"
                )
            }
            guard ["system", "developer", "user", "assistant", "tool", "function"].contains(role) else {
                throw .invalidRequest(
                    "Invalid value: '\(role)'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                    param: "messages[\(index)].role", code: "invalid_value"
                )
            }
            tokens.append(StableHash.of("<|start|>"))
            tokens.append(StableHash.of(role))
            tokens.append(StableHash.of("<|message|>"))
            switch message["content"] {
            case .string(let text):
                tokens.append(contentsOf: EmulatorTokenizer.tokenHashes(text))
            case .array(let parts):
                for part in parts {
                    if let text = part["text"]?.stringValue {
                        tokens.append(contentsOf: EmulatorTokenizer.tokenHashes(text))
                    } else {
                        tokens.append(contentsOf: EmulatorTokenizer.tokenHashes(part.serializedString()))
                    }
                    if breakpointMode, let marker = part["prompt_cache_breakpoint"], !marker.isNull {
                        breakpoints.append(tokens.count)
                    }
                }
            case .null, nil:
                if role != "assistant" {
                    throw .invalidRequest(
                        "Missing required parameter: 'messages[\(index)].content'.", param: "messages[\(index)].content",
                        code: "missing_required_parameter"
                    )
                }
            default:
                throw .invalidRequest(
                    "Invalid type for 'messages[\(index)].content'.", param: "messages[\(index)].content",
                    code: "invalid_type"
                )
            }
            if let calls = message["tool_calls"] {
                tokens.append(contentsOf: EmulatorTokenizer.tokenHashes(calls.serializedString()))
            }
            if role == "user" || role == "tool" { lastUserOrToolEnd = tokens.count }
        }
        if breakpointMode, !explicitOnly, let lastUserOrToolEnd { breakpoints.append(lastUserOrToolEnd) }
        for _ in 0..<Overhead.reply { tokens.append(StableHash.of("<|reply|>")) }

        if let window = model.contextWindow, tokens.count + 1 > window {
            throw .invalidRequest(
                "This model's maximum context length is \(window) tokens. However, your messages resulted in \(tokens.count) tokens. Please reduce the length of the messages.",
                param: "messages", code: "context_length_exceeded"
            )
        }
        var requestHash = StableHash()
        requestHash.combine(bytes: body.canonicalBytes())
        return OpenAIPrompt(
            model: model, requestedModel: modelName, maxTokens: maxTokens, choices: choices, tokenHashes: tokens,
            breakpoints: Array(Set(breakpoints)).sorted(), cacheKey: body["prompt_cache_key"]?.stringValue,
            retention: retention, serviceTier: tier, requestHash: requestHash.finalized
        )
    }
}
