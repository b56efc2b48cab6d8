/// A function the model may call; its schema is JSON Schema, passed through untouched.
package struct ToolDefinition: Hashable, Sendable, Codable {
    package var name: String
    package var description: String?
    package var inputSchema: JSONValue
    /// A breakpoint after this tool caches every tool definition up to it (tools come first in
    /// Anthropic's prefix order).
    package var cache: CacheMark?

    package init(name: String, description: String? = nil, inputSchema: JSONValue, cache: CacheMark? = nil) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.cache = cache
    }

    private enum CodingKeys: String, CodingKey {
        case name, description
        case inputSchema = "input_schema"
        case cache
    }
}
