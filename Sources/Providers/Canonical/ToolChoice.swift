/// How the model must use the tools it was given.
package enum ToolChoice: Hashable, Sendable {
    /// The model decides.
    case auto
    /// The model must call some tool.
    case required
    /// The model must not call tools.
    case none
    /// The model must call this tool.
    case tool(String)
}

extension ToolChoice: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, name
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "auto": self = .auto
        case "required": self = .required
        case "none": self = .none
        case "tool": self = .tool(try container.decode(String.self, forKey: .name))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "unknown tool choice '\(other)'"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .auto: try container.encode("auto", forKey: .type)
        case .required: try container.encode("required", forKey: .type)
        case .none: try container.encode("none", forKey: .type)
        case .tool(let name):
            try container.encode("tool", forKey: .type)
            try container.encode(name, forKey: .name)
        }
    }
}
