import Planning
package import Providers

extension SluiceConfiguration {
    static let taskKeys: Set<String> = [
        "kind", "provider", "model", "system", "instructions", "document", "max_tokens", "temperature", "dimensions",
    ]

    /// Reads the `tasks:` map. Parsed field by field (rather than through `TaskTemplate`'s
    /// `Decodable`) so each error names `tasks.<name>.<field>`; `system` and `instructions` take a
    /// single string or a list.
    static func tasks(_ node: ConfigNode?) throws(SluiceConfigurationError) -> [String: TaskTemplate] {
        var tasks: [String: TaskTemplate] = [:]
        for (name, taskNode) in try node?.freeMapping() ?? [:] {
            guard Self.isTaskName(name) else {
                throw SluiceConfigurationError(
                    .invalidValue, key: taskNode.key,
                    "'\(name)' cannot be named by an event: task names are 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter")
            }
            tasks[name] = try task(taskNode)
        }
        return tasks
    }

    private static func task(_ node: ConfigNode) throws(SluiceConfigurationError) -> TaskTemplate {
        let fields = try node.mapping(allowing: taskKeys)
        let settings = Settings(environment: [:])
        var kind = TaskTemplate.Kind.chat
        if case let (text, key)? = try settings.value(fields["kind"]) {
            guard let parsed = TaskTemplate.Kind(rawValue: text) else {
                throw SluiceConfigurationError.invalid(key, text, expected: "chat or embedding")
            }
            kind = parsed
        }
        guard case let (modelText, modelKey)? = try settings.value(fields["model"]) else {
            throw SluiceConfigurationError(.invalidValue, key: node.key, "needs a model (e.g. model: claude-sonnet-4-5)")
        }
        let model = try ConfigValue.nonEmpty(modelText, key: modelKey)
        var provider: String?
        if case let (text, key)? = try settings.value(fields["provider"]) {
            guard Provider(rawValue: text) != nil else {
                throw SluiceConfigurationError.invalid(key, text, expected: Provider.allCases.map(\.rawValue).joined(separator: ", "))
            }
            provider = text
        }
        let system = try blocks(fields["system"])
        let instructions = try blocks(fields["instructions"])
        for (field, blocks) in [("system", system), ("instructions", instructions)] {
            if let index = blocks.firstIndex(where: { $0.isEmpty }) {
                throw SluiceConfigurationError(.invalidValue, key: "\(node.path).\(field)[\(index)]", "is empty; providers reject empty text blocks")
            }
        }
        var document = "{{document.text}}"
        if case let (text, key)? = try settings.value(fields["document"]) {
            if let unknown = TaskTemplate.unknownPlaceholders(in: text).first {
                throw SluiceConfigurationError(
                    .invalidValue, key: key,
                    "has the unknown placeholder {{\(unknown)}}; known: \(TaskTemplate.placeholders.sorted().map { "{{\($0)}}" }.joined(separator: ", "))")
            }
            guard text.contains("{{document.text}}") else {
                throw SluiceConfigurationError(.invalidValue, key: key, "must contain {{document.text}}, or the document never reaches the model")
            }
            document = text
        }
        var template = TaskTemplate(kind: kind, provider: provider, model: model, system: system, instructions: instructions, document: document)
        if case let (text, key)? = try settings.value(fields["max_tokens"]) {
            template.maxTokens = try ConfigValue.integer(text, key: key, in: 1...1_048_576)
        }
        if case let (text, key)? = try settings.value(fields["temperature"]) {
            guard let value = Double(text), (0...2).contains(value) else {
                throw SluiceConfigurationError.invalid(key, text, expected: "a number from 0 to 2")
            }
            template.temperature = value
        }
        if case let (text, key)? = try settings.value(fields["dimensions"]) {
            template.dimensions = try ConfigValue.integer(text, key: key, in: 1...65_536)
        }
        if kind == .embedding {
            // The renderer embeds only the filled `document`; anything else would be silently dropped.
            for field in ["system", "instructions", "max_tokens", "temperature"] where fields[field] != nil {
                throw SluiceConfigurationError(.invalidValue, key: fields[field]!.key, "does not apply to an embedding task")
            }
        } else if let dimensions = fields["dimensions"] {
            throw SluiceConfigurationError(.invalidValue, key: dimensions.key, "applies only to an embedding task (kind: embedding)")
        }
        return template
    }

    private static func blocks(_ node: ConfigNode?) throws(SluiceConfigurationError) -> [String] {
        guard let node, !node.isNull else { return [] }
        return try node.stringList()
    }

    /// Mirrors the request schema's `task` pattern `^[a-z][a-z0-9_.-]{0,63}$`.
    static func isTaskName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.unicodeScalars.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0) }
    }

    /// Checks that every task names a priced model (and, if given, the provider that has it), so a
    /// typo fails at startup rather than on every event of the task.
    /// - Throws: ``SluiceConfigurationError`` naming `tasks.<name>.model`.
    package func validateTasks(against priceBook: PriceBook) throws(SluiceConfigurationError) {
        for (name, task) in tasks.sorted(by: { $0.key < $1.key }) {
            let key = "tasks.\(name).model"
            if let providerName = task.provider, let provider = Provider(rawValue: providerName) {
                guard (try? priceBook.entry(provider: provider, model: task.model)) != nil else {
                    throw SluiceConfigurationError(.invalidValue, key: key, "'\(task.model)' is not in the price book for \(providerName)")
                }
            } else {
                guard Provider.allCases.contains(where: { (try? priceBook.entry(provider: $0, model: task.model)) != nil }) else {
                    throw SluiceConfigurationError(.invalidValue, key: key, "'\(task.model)' is not in the price book for any provider")
                }
            }
        }
    }
}
