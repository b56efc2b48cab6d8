package import Foundation
import Yams

// MARK: - YAML format

extension PriceBook {
    /// The book bundled with this module (`Resources/prices.yaml`).
    package static func bundled() throws -> PriceBook {
        guard let url = Bundle.module.url(forResource: "prices", withExtension: "yaml") else {
            throw PriceBookError.invalidFile("prices.yaml", "not found in the module bundle")
        }
        return try PriceBook(contentsOf: url)
    }

    /// The bundled book with `overrideFile` (same format) merged over it, field by field.
    package static func load(overrideFile: URL?) throws -> PriceBook {
        let base = try Self.bundled()
        guard let overrideFile else { return base }
        return base.merging(try PriceBook(contentsOf: overrideFile))
    }

    /// Reads a price file.
    package init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw PriceBookError.invalidFile(url.lastPathComponent, "cannot read: \(error)")
        }
        try self.init(yaml: text, origin: url.lastPathComponent)
    }

    /// Parses the YAML format:
    ///
    /// ```yaml
    /// models:
    ///   - provider: anthropic            # anthropic | openai | gemini
    ///     model: claude-sonnet-4-5
    ///     aliases: [claude-sonnet-4-5-20250929]
    ///     as_of: "2026-11-22"
    ///     source: "providers.md §1.4; https://..."
    ///     notes: "..."                   # optional
    ///     prices:                        # USD per 1M tokens; keys are PriceField raw values
    ///       input: 3
    ///       output: 15
    ///     long_context:                  # optional
    ///       threshold_tokens: 200000
    ///       input: 2.50
    ///     facts:                         # optional
    ///       min_cacheable_tokens: 1024
    ///       context_window: 200000
    ///       max_output_tokens: 64000
    ///       embedding_dimensions: 1536
    ///       source: "..."
    /// ```
    ///
    /// Numbers are read from their text into `Decimal`, never through `Double`. Unknown keys are
    /// errors, so a typo cannot silently drop a price.
    package init(yaml: String, origin: String) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw PriceBookError.invalidFile(origin, "not valid YAML: \(error)")
        }
        guard let root = node?.mapping else {
            throw PriceBookError.invalidFile(origin, "the top level must be a mapping with a 'models' list")
        }
        guard let models = root["models"]?.sequence else {
            throw PriceBookError.invalidFile(origin, "missing 'models' list")
        }
        var entries: [PriceEntry] = []
        for (index, model) in models.enumerated() {
            entries.append(try Self.entry(model, origin: "\(origin) models[\(index)]"))
        }
        self.init(entries: entries)
    }

    private static let entryKeys: Set<String> = ["provider", "model", "aliases", "as_of", "source", "notes", "prices", "long_context", "facts"]
    private static let factKeys: Set<String> = ["min_cacheable_tokens", "context_window", "max_output_tokens", "embedding_dimensions", "source"]

    private static func entry(_ node: Node, origin: String) throws -> PriceEntry {
        guard let mapping = node.mapping else {
            throw PriceBookError.invalidFile(origin, "an entry must be a mapping")
        }
        for key in mapping.keys {
            guard let name = key.scalar?.string, Self.entryKeys.contains(name) else {
                throw PriceBookError.invalidFile(origin, "unknown key '\(key.scalar?.string ?? "?")'")
            }
        }
        let providerName = try Self.string(mapping["provider"], "provider", origin)
        guard let provider = Provider(rawValue: providerName) else {
            throw PriceBookError.invalidFile(origin, "unknown provider '\(providerName)'")
        }
        let model = try Self.string(mapping["model"], "model", origin)
        let context = "\(origin) (\(model))"
        let aliases = try mapping["aliases"].map { node -> [String] in
            guard let sequence = node.sequence else {
                throw PriceBookError.invalidFile(context, "'aliases' must be a list")
            }
            return try sequence.map { try Self.string($0, "alias", context) }
        } ?? []
        var prices: [PriceField: Decimal] = [:]
        if let node = mapping["prices"] {
            prices = try Self.prices(node, allowing: [], origin: "\(context) prices").prices
        }
        var tier: LongContextTier?
        if let node = mapping["long_context"] {
            let parsed = try Self.prices(node, allowing: ["threshold_tokens"], origin: "\(context) long_context")
            guard let raw = parsed.extra["threshold_tokens"], let threshold = Int(exactly: NSDecimalNumber(decimal: raw).doubleValue)
            else {
                throw PriceBookError.invalidFile(context, "long_context needs threshold_tokens")
            }
            tier = LongContextTier(thresholdTokens: threshold, prices: parsed.prices)
        }
        var facts = ModelFacts()
        if let node = mapping["facts"] {
            guard let factMapping = node.mapping else {
                throw PriceBookError.invalidFile(context, "'facts' must be a mapping")
            }
            for key in factMapping.keys where !Self.factKeys.contains(key.scalar?.string ?? "") {
                throw PriceBookError.invalidFile(context, "unknown fact '\(key.scalar?.string ?? "?")'")
            }
            facts = ModelFacts(
                minCacheableTokens: try Self.integer(factMapping["min_cacheable_tokens"], "min_cacheable_tokens", context),
                contextWindow: try Self.integer(factMapping["context_window"], "context_window", context),
                maxOutputTokens: try Self.integer(factMapping["max_output_tokens"], "max_output_tokens", context),
                embeddingDimensions: try Self.integer(factMapping["embedding_dimensions"], "embedding_dimensions", context),
                source: factMapping["source"]?.scalar?.string
            )
        }
        return PriceEntry(
            provider: provider,
            model: model,
            aliases: aliases,
            asOf: try Self.string(mapping["as_of"], "as_of", context),
            source: try Self.string(mapping["source"], "source", context),
            notes: mapping["notes"]?.scalar?.string,
            prices: prices,
            longContext: tier,
            facts: facts
        )
    }

    private static func prices(
        _ node: Node,
        allowing extras: Set<String>,
        origin: String
    ) throws -> (prices: [PriceField: Decimal], extra: [String: Decimal]) {
        guard let mapping = node.mapping else {
            throw PriceBookError.invalidFile(origin, "must be a mapping of price names to numbers")
        }
        var prices: [PriceField: Decimal] = [:]
        var extra: [String: Decimal] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? "?"
            let number = try Self.decimal(value, name, origin)
            if let field = PriceField(rawValue: name) {
                prices[field] = number
            } else if extras.contains(name) {
                extra[name] = number
            } else {
                throw PriceBookError.invalidFile(origin, "unknown price '\(name)'")
            }
        }
        return (prices, extra)
    }

    private static func string(_ node: Node?, _ name: String, _ origin: String) throws -> String {
        guard let text = node?.scalar?.string, !text.isEmpty else {
            throw PriceBookError.invalidFile(origin, "missing '\(name)'")
        }
        return text
    }

    private static func integer(_ node: Node?, _ name: String, _ origin: String) throws -> Int? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= 0 else {
            throw PriceBookError.invalidFile(origin, "'\(name)' must be a non-negative integer")
        }
        return value
    }

    /// A non-negative plain decimal (`3`, `0.075`, `1_000`), parsed exactly.
    private static func decimal(_ node: Node, _ name: String, _ origin: String) throws -> Decimal {
        guard let raw = node.scalar?.string else {
            throw PriceBookError.invalidFile(origin, "'\(name)' must be a number")
        }
        let text = raw.replacingOccurrences(of: "_", with: "")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let plain =
            !text.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard plain, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw PriceBookError.invalidFile(origin, "'\(name)' must be a plain non-negative number, got '\(raw)'")
        }
        return value
    }
}
