/// A function the model may call; its schema is JSON Schema, passed through untouched.
package struct ToolDefinition: Hashable, Sendable, Codable {
    /// The function name the model calls.
    package var name: String
    /// What the tool does, for the model.
    package var description: String?
    /// JSON Schema of the arguments.
    package var inputSchema: JSONValue
    /// A breakpoint after this tool caches every tool definition up to it (tools come first in
    /// Anthropic's prefix order).
    package var cache: CacheMark?

    /// A tool as given.
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
