/// A tool call the model made, with its arguments as JSON.
package struct ToolCall: Hashable, Sendable, Codable {
    /// The provider's call id (synthesized for Gemini).
    package var id: String
    /// The tool called.
    package var name: String
    /// The arguments, as JSON.
    package var arguments: JSONValue

    /// A call as given.
    package init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
