import Foundation
import Yams

/// A YAML node with the key path that leads to it, so every error names `batching.max_wait`
/// (and the file and line) instead of a bare value.
struct ConfigNode {
    let node: Node
    /// Dotted key path from the document root, e.g. `kafka.properties`.
    let path: String
    /// The file name (or `<inline>`), for messages.
    let origin: String

    /// The path, the file and the line, as errors show it.
    var key: String {
        let line = node.mark.map { ":\($0.line)" } ?? ""
        return "\(path.isEmpty ? "(top level)" : path) (\(origin)\(line))"
    }

    /// Parses a YAML document; `nil` for an empty one.
    static func parse(_ yaml: String, origin: String) throws(SluiceConfigurationError) -> ConfigNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw SluiceConfigurationError(.invalidYAML, key: origin, "is not valid YAML: \(error)")
        }
        guard let node, node.null == nil else { return nil }
        return ConfigNode(node: node, path: "", origin: origin)
    }

    /// Whether the value is YAML null (`~`, `null` or nothing after the colon).
    var isNull: Bool { node.null != nil }

    /// The entries of a mapping, rejecting keys outside `allowed` (typos fail loudly, naming the path).
    func mapping(allowing allowed: Set<String>) throws(SluiceConfigurationError) -> [String: ConfigNode] {
        try entries(allowing: allowed)
    }

    /// The entries of a mapping whose keys are free-form (task names, librdkafka properties).
    func freeMapping() throws(SluiceConfigurationError) -> [String: ConfigNode] {
        try entries(allowing: nil)
    }

    private func entries(allowing allowed: Set<String>?) throws(SluiceConfigurationError) -> [String: ConfigNode] {
        if isNull { return [:] }
        guard let mapping = node.mapping else {
            throw SluiceConfigurationError(.wrongType, key: key, "must be a mapping of keys to values")
        }
        var result: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw SluiceConfigurationError(.wrongType, key: key, "has a key that is not a plain string")
            }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            let child = ConfigNode(node: value, path: childPath, origin: origin)
            if let allowed, !allowed.contains(name) {
                throw SluiceConfigurationError(
                    .unknownKey, key: child.key, "is not a known key here (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            if result[name] != nil {
                throw SluiceConfigurationError(.invalidValue, key: child.key, "appears twice")
            }
            result[name] = child
        }
        return result
    }

    /// The text of a scalar (numbers and booleans as written).
    func scalarText() throws(SluiceConfigurationError) -> String {
        guard let scalar = node.scalar else {
            throw SluiceConfigurationError(.wrongType, key: key, "must be a single value, not a list or mapping")
        }
        return scalar.string
    }

    /// A list of scalars; a single scalar counts as a list of one.
    func stringList() throws(SluiceConfigurationError) -> [String] {
        if let sequence = node.sequence {
            var items: [String] = []
            for (index, item) in sequence.enumerated() {
                items.append(try ConfigNode(node: item, path: "\(path)[\(index)]", origin: origin).scalarText())
            }
            return items
        }
        return [try scalarText()]
    }
}
