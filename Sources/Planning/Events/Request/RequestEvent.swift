/// A request event from `llm.requests` (`topics/schemas/request.schema.json`): one unit of LLM
/// work, in task mode or raw mode.
///
/// Decode with ``ContractPayload/decodeValidated(from:)-(Data)``: it applies every schema rule and
/// a few the schema cannot express, and names the field at fault for the DLQ.
package struct RequestEvent: ContractPayload {
    package static let schemaFile = "request.schema.json"

    /// Idempotency key, unique per tenant.
    package var id: String
    /// The tenant the work and its cost belong to.
    package var tenant: String
    /// Task mode or raw mode.
    package var mode: Mode
    /// As sent; `nil` means ``Priority/normal`` (see ``effectivePriority``).
    package var priority: Priority?
    /// The latest useful completion time.
    package var deadline: EventTimestamp?
    /// Producer-owned JSON, echoed on the result.
    package var metadata: [String: JSONValue]?

    package init(
        id: String, tenant: String, mode: Mode, priority: Priority? = nil, deadline: EventTimestamp? = nil,
        metadata: [String: JSONValue]? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.mode = mode
        self.priority = priority
        self.deadline = deadline
        self.metadata = metadata
    }

    /// The priority to schedule with.
    package var effectivePriority: Priority { priority ?? .normal }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tenant, task, document, request, priority, deadline, metadata
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        id = try object.string(CodingKeys.id, .eventID)
        tenant = try object.string(CodingKeys.tenant, .tenant)
        mode = try Mode(reading: object)
        priority = try object.optionalEnum(Priority.self, CodingKeys.priority)
        deadline = try object.optionalTimestamp(CodingKeys.deadline)
        metadata = try object.optionalMetadata(CodingKeys.metadata)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenant, forKey: .tenant)
        switch mode {
        case .task(let name, let document):
            try container.encode(name, forKey: .task)
            try container.encode(document, forKey: .document)
        case .raw(let request):
            try container.encode(request, forKey: .request)
        }
        try container.encodeIfPresent(priority, forKey: .priority)
        try container.encodeIfPresent(deadline, forKey: .deadline)
        try container.encodeIfPresent(metadata, forKey: .metadata)
    }
}
