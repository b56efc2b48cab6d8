/// An alert event on `llm.alerts` (`topics/schemas/alert.schema.json`), for one tenant or
/// service-wide (``globalTenant``).
package struct AlertEvent: ContractPayload {
    package static let schemaFile = "alert.schema.json"
    /// The tenant (and record key) of service-wide alerts. Request tenants can never take it.
    package static let globalTenant = "_global"

    /// Stable id of this alert transition; also its CloudEvents id.
    package var id: String
    /// A tenant, or ``globalTenant``.
    package var tenant: String
    package var kind: AlertKind
    package var severity: AlertSeverity
    package var state: AlertState
    /// The measured value, in the unit ``kind`` defines.
    package var observed: Double
    /// The configured threshold, in the same unit.
    package var threshold: Double
    /// Length of the measurement window, for rate and ratio kinds.
    package var windowSeconds: Int?
    /// The provider and model concerned, when the condition is specific to one.
    package var provider: ProviderName?
    package var model: String?
    /// The provider batch concerned; required for ``AlertKind/staleBatch``.
    package var batchID: String?
    /// A one-line summary for people.
    package var message: String
    package var detectedAt: EventTimestamp

    package init(
        id: String, tenant: String, kind: AlertKind, severity: AlertSeverity, state: AlertState, observed: Double,
        threshold: Double, windowSeconds: Int? = nil, provider: ProviderName? = nil, model: String? = nil,
        batchID: String? = nil, message: String, detectedAt: EventTimestamp
    ) {
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.severity = severity
        self.state = state
        self.observed = observed
        self.threshold = threshold
        self.windowSeconds = windowSeconds
        self.provider = provider
        self.model = model
        self.batchID = batchID
        self.message = message
        self.detectedAt = detectedAt
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tenant, kind, severity, state, observed, threshold
        case windowSeconds = "window_seconds"
        case provider, model
        case batchID = "batch_id"
        case message
        case detectedAt = "detected_at"
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        id = try object.string(CodingKeys.id, .eventID)
        let tenant = try object.string(CodingKeys.tenant)
        if tenant != Self.globalTenant {
            try StringRule.tenant.check(tenant, at: object.path(CodingKeys.tenant))
        }
        self.tenant = tenant
        kind = try object.enumValue(AlertKind.self, CodingKeys.kind)
        severity = try object.enumValue(AlertSeverity.self, CodingKeys.severity)
        state = try object.enumValue(AlertState.self, CodingKeys.state)
        let range: ClosedRange<Double> = kind.isRatio ? 0...1 : 0...Double.greatestFiniteMagnitude
        observed = try object.double(CodingKeys.observed, in: range)
        threshold = try object.double(CodingKeys.threshold, in: range)
        windowSeconds = try object.optionalInteger(CodingKeys.windowSeconds, in: 1...Int.max)
        provider = try object.optionalEnum(ProviderName.self, CodingKeys.provider)
        model = try object.optionalString(CodingKeys.model, .model)
        if kind == .staleBatch { try object.require(CodingKeys.batchID, "when kind is stale_batch") }
        batchID = try object.optionalString(CodingKeys.batchID, .opaqueID)
        message = try object.string(CodingKeys.message, .nonEmpty)
        detectedAt = try object.timestamp(CodingKeys.detectedAt)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(state, forKey: .state)
        try container.encode(observed, forKey: .observed)
        try container.encode(threshold, forKey: .threshold)
        try container.encodeIfPresent(windowSeconds, forKey: .windowSeconds)
        try container.encodeIfPresent(provider, forKey: .provider)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(batchID, forKey: .batchID)
        try container.encode(message, forKey: .message)
        try container.encode(detectedAt, forKey: .detectedAt)
    }
}
