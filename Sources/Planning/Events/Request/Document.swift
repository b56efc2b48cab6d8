/// The document a task-mode request applies its template to.
package struct Document: Sendable, Hashable, Encodable, ContractDecodable {
    /// The producer's document (or chunk) id, echoed on the result as `document_id`.
    package var id: String
    /// The text the template inserts.
    package var text: String
    /// Fields the template may use (title, language, source...).
    package var metadata: [String: JSONValue]?

    package init(id: String, text: String, metadata: [String: JSONValue]? = nil) {
        self.id = id
        self.text = text
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, text, metadata
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        id = try object.string(CodingKeys.id, .eventID)
        text = try object.string(CodingKeys.text, .nonEmpty)
        metadata = try object.optionalMetadata(CodingKeys.metadata)
    }
}
