/// One turn of a conversation.
package struct ChatMessage: Hashable, Sendable, Codable {
    /// Who speaks. System text lives in ``LLMRequest/system``, never here.
    package enum Role: String, Hashable, Sendable, Codable {
        case user
        case assistant
    }

    package var role: Role
    package var content: [ContentBlock]

    package init(role: Role, content: [ContentBlock]) {
        self.role = role
        self.content = content
    }

    /// A user turn made of one text block.
    package static func user(_ text: String, cache: CacheMark? = nil) -> ChatMessage {
        ChatMessage(role: .user, content: [.text(text, cache: cache)])
    }

    /// An assistant turn made of one text block (for few-shot examples or prefill).
    package static func assistant(_ text: String, cache: CacheMark? = nil) -> ChatMessage {
        ChatMessage(role: .assistant, content: [.text(text, cache: cache)])
    }
}
