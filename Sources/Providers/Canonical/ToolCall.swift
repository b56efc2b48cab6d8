/// A tool call the model made, with its arguments as JSON.
package struct ToolCall: Hashable, Sendable, Codable {
    package var id: String
    package var name: String
    package var arguments: JSONValue

    package init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
