/// One conversation turn of a chat request.
package struct Message: Sendable, Hashable, Encodable, ContractDecodable {
    package var role: Role
    package var content: MessageContent

    package init(role: Role, content: MessageContent) {
        self.role = role
        self.content = content
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        role = try object.enumValue(Role.self, CodingKeys.role)
        content = try object.decode(MessageContent.self, CodingKeys.content)
    }
}
