/// Where a value sits in a JSON document, printed the way people write it in error messages:
/// `request.messages[0].role`, or `$` for the document itself.
package struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    package enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    package private(set) var components: [Component]

    package static let root = JSONPath(components: [])

    package init(components: [Component]) {
        self.components = components
    }

    /// The path of a `Decoder`, so a contract type nested in other `Codable` data reports full paths.
    package init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            // JSONDecoder names array elements "Index N" and gives them an intValue.
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                return .index(index)
            }
            return .key(key.stringValue)
        }
    }

    package func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    package func appending(_ key: some CodingKey) -> JSONPath {
        appending(key.stringValue)
    }

    package func appending(index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    package var description: String {
        if components.isEmpty { return "$" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
