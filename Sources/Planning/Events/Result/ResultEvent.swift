/// A result event on `llm.results` (`topics/schemas/result.schema.json`): the final outcome of one
/// request, published at least once with a stable CloudEvents id so consumers can deduplicate.
///
/// `succeeded` carries ``output`` and no ``error``; every other status carries ``error`` and no
/// ``output``. Decoding enforces this and the cost identity `saved = baseline - actual`.
package struct ResultEvent: ContractPayload {
    package static let schemaFile = "result.schema.json"

    /// The request's `id`.
    package var id: String
    /// The request's `tenant`.
    package var tenant: String
    /// Task mode: the request's task template name.
    package var task: String?
    /// Task mode: the request's `document.id`.
    package var documentID: String?
    package var status: ResultStatus
    /// Present exactly when ``status`` is `succeeded`.
    package var output: ResultOutput?
    package var provider: ProviderName
    package var model: String
    package var mode: ExecutionMode
    /// The provider's batch id, when the request went through one.
    package var batchID: String?
    /// Tokens billed for this request, as the provider reported them.
    package var usage: TokenUsage
    package var cost: Cost
    package var timing: ResultTiming
    /// Sends to a provider (0 if answered from the response cache or canceled before submission).
    package var attempts: Int
    /// Present exactly when ``status`` is not `succeeded`.
    package var error: ResultError?
    /// The request's `metadata`, echoed unchanged.
    package var metadata: [String: JSONValue]?

    package init(
        id: String, tenant: String, task: String? = nil, documentID: String? = nil, status: ResultStatus,
        output: ResultOutput? = nil, provider: ProviderName, model: String, mode: ExecutionMode, batchID: String? = nil,
        usage: TokenUsage, cost: Cost, timing: ResultTiming, attempts: Int, error: ResultError? = nil,
        metadata: [String: JSONValue]? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.task = task
        self.documentID = documentID
        self.status = status
        self.output = output
        self.provider = provider
        self.model = model
        self.mode = mode
        self.batchID = batchID
        self.usage = usage
        self.cost = cost
        self.timing = timing
        self.attempts = attempts
        self.error = error
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tenant, task
        case documentID = "document_id"
        case status, output, provider, model, mode
        case batchID = "batch_id"
        case usage, cost, timing, attempts, error, metadata
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        id = try object.string(CodingKeys.id, .eventID)
        tenant = try object.string(CodingKeys.tenant, .tenant)
        task = try object.optionalString(CodingKeys.task, .taskName)
        documentID = try object.optionalString(CodingKeys.documentID, .eventID)
        status = try object.enumValue(ResultStatus.self, CodingKeys.status)
        if status == .succeeded {
            try object.require(CodingKeys.output, "when status is succeeded")
            output = try object.decode(ResultOutput.self, CodingKeys.output)
            if object.contains(CodingKeys.error) {
                throw EventValidationError(.conflictingFields, at: object.path(CodingKeys.error), "must be absent when status is succeeded")
            }
            error = nil
        } else {
            if object.contains(CodingKeys.output) {
                throw EventValidationError(
                    .conflictingFields, at: object.path(CodingKeys.output), "must be absent when status is \(status.rawValue)"
                )
            }
            output = nil
            try object.require(CodingKeys.error, "when status is \(status.rawValue)")
            error = try object.decode(ResultError.self, CodingKeys.error)
        }
        provider = try object.enumValue(ProviderName.self, CodingKeys.provider)
        model = try object.string(CodingKeys.model, .model)
        mode = try object.enumValue(ExecutionMode.self, CodingKeys.mode)
        batchID = try object.optionalString(CodingKeys.batchID, .opaqueID)
        usage = try object.decode(TokenUsage.self, CodingKeys.usage)
        cost = try object.decode(Cost.self, CodingKeys.cost)
        timing = try object.decode(ResultTiming.self, CodingKeys.timing)
        attempts = try object.integer(CodingKeys.attempts, in: 0...Int.max)
        metadata = try object.optionalMetadata(CodingKeys.metadata)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenant, forKey: .tenant)
        try container.encodeIfPresent(task, forKey: .task)
        try container.encodeIfPresent(documentID, forKey: .documentID)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(output, forKey: .output)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(mode, forKey: .mode)
        try container.encodeIfPresent(batchID, forKey: .batchID)
        try container.encode(usage, forKey: .usage)
        try container.encode(cost, forKey: .cost)
        try container.encode(timing, forKey: .timing)
        try container.encode(attempts, forKey: .attempts)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(metadata, forKey: .metadata)
    }
}
