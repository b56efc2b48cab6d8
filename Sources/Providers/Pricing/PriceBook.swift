import Foundation

/// Dated, sourced per-model prices and facts, with cost math for normalized usage.
///
/// Load it with ``bundled()`` (the `prices.yaml` shipped in this module) or ``load(overrideFile:)``
/// (the bundled book with a user file of the same format merged field by field over it). Every
/// lookup of an unknown model, and every cost that needs a price the book lacks, throws a
/// ``PriceBookError``: a missing price is never read as zero.
package struct PriceBook: Sendable {
    private struct Key: Hashable {
        var provider: Provider
        var model: String
    }

    private var entriesByKey: [Key: PriceEntry]
    private var aliases: [Key: String]

    /// A book of these entries; later entries for the same model merge over earlier ones.
    package init(entries: [PriceEntry]) {
        self.entriesByKey = [:]
        self.aliases = [:]
        for entry in entries {
            self.insert(entry)
        }
    }

    private mutating func insert(_ entry: PriceEntry) {
        let key = Key(provider: entry.provider, model: entry.model.lowercased())
        let merged = self.entriesByKey[key].map { $0.merging(entry) } ?? entry
        self.entriesByKey[key] = merged
        for alias in merged.aliases {
            self.aliases[Key(provider: entry.provider, model: alias.lowercased())] = key.model
        }
    }

    /// Every entry, sorted by provider and model.
    package var entries: [PriceEntry] {
        self.entriesByKey.values.sorted { ($0.provider.rawValue, $0.model) < ($1.provider.rawValue, $1.model) }
    }

    /// This book with `override`'s entries merged field by field over it.
    package func merging(_ override: PriceBook) -> PriceBook {
        var merged = self
        for entry in override.entries {
            merged.insert(entry)
        }
        return merged
    }

    /// The entry for a model id, its alias, a dated snapshot of it (`-20250929`, `-2025-09-29`),
    /// or a Gemini `models/` resource name.
    ///
    /// - Throws: ``PriceBookError`` (unknown model).
    package func entry(provider: Provider, model: String) throws -> PriceEntry {
        for candidate in Self.candidates(model) {
            let key = Key(provider: provider, model: candidate)
            if let entry = self.entriesByKey[key] { return entry }
            if let target = self.aliases[key], let entry = self.entriesByKey[Key(provider: provider, model: target)] {
                return entry
            }
        }
        throw PriceBookError.unknownModel(provider: provider, model: model)
    }

    /// The planner's per-model facts.
    package func facts(provider: Provider, model: String) throws -> ModelFacts {
        try self.entry(provider: provider, model: model).facts
    }

    /// Ids to try for `model`, most specific first.
    private static func candidates(_ model: String) -> [String] {
        var id = model.lowercased()
        if id.hasPrefix("models/") { id.removeFirst("models/".count) }
        var result = [id]
        // Dated snapshot suffixes: -YYYYMMDD or -YYYY-MM-DD.
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        if let last = parts.last, last.count == 8, last.allSatisfy(\.isNumber) {
            result.append(parts.dropLast().joined(separator: "-"))
        } else if parts.count > 3 {
            let tail = parts.suffix(3)
            let shape = tail.map(\.count) == [4, 2, 2] && tail.allSatisfy { $0.allSatisfy(\.isNumber) }
            if shape { result.append(parts.dropLast(3).joined(separator: "-")) }
        }
        if id.hasSuffix("-latest") { result.append(String(id.dropLast("-latest".count))) }
        return result
    }
}
