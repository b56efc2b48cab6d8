/// A savings event on `llm.savings` (`topics/schemas/savings.schema.json`): what one provider
/// batch, or one realtime group, cost one tenant and what it saved, from the provider's reported
/// usage. Published once per (provider, batch or group, tenant), keyed by tenant.
///
/// Decoding checks the money identities to the nano-dollar (the schema cannot):
/// `saved = baseline - actual = batch_discount + cache_savings + dedupe_savings`.
package struct SavingsEvent: ContractPayload {
    package static let schemaFile = "savings.schema.json"

    /// Stable id of this summary; also its CloudEvents id. See ``makeID(tenant:provider:group:)``.
    package var id: String
    package var tenant: String
    package var provider: ProviderName
    package var model: String
    package var mode: ExecutionMode
    /// The provider batch id; required when ``mode`` is `batch`.
    package var batchID: String?
    /// Sluice's id of a non-batch group (e.g. one minute of realtime calls).
    package var groupID: String?
    package var periodStart: EventTimestamp
    package var periodEnd: EventTimestamp
    package var requests: RequestCounts
    /// Token sums, including primer requests allocated to these requests.
    package var usage: TokenUsage
    /// The requests sent one by one to the synchronous API at list price, without caching.
    package var baselineUSD: USD
    /// What the provider bills, with their pro-rata share of primers, storage and billed retries.
    package var actualUSD: USD
    /// `baseline - actual`.
    package var savedUSD: USD
    /// Savings from batch (or flex) pricing of uncached input and output.
    package var batchDiscountUSD: USD
    /// Savings from prompt caching, net of write premiums, storage and primers; may be negative.
    package var cacheSavingsUSD: USD
    /// The baseline of requests answered from Sluice's own response cache.
    package var dedupeSavingsUSD: USD
    /// Share of prompt tokens read from the cache (``TokenUsage/cacheHitRatio``).
    package var cacheHitRatio: Double

    /// A savings event whose derived fields (`saved_usd`, `cache_hit_ratio`) follow from the others.
    package init(
        id: String, tenant: String, provider: ProviderName, model: String, mode: ExecutionMode, batchID: String? = nil,
        groupID: String? = nil, periodStart: EventTimestamp, periodEnd: EventTimestamp, requests: RequestCounts,
        usage: TokenUsage, baselineUSD: USD, actualUSD: USD, batchDiscountUSD: USD, cacheSavingsUSD: USD,
        dedupeSavingsUSD: USD
    ) {
        self.id = id
        self.tenant = tenant
        self.provider = provider
        self.model = model
        self.mode = mode
        self.batchID = batchID
        self.groupID = groupID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.requests = requests
        self.usage = usage
        self.baselineUSD = baselineUSD
        self.actualUSD = actualUSD
        self.savedUSD = baselineUSD - actualUSD
        self.batchDiscountUSD = batchDiscountUSD
        self.cacheSavingsUSD = cacheSavingsUSD
        self.dedupeSavingsUSD = dedupeSavingsUSD
        self.cacheHitRatio = usage.cacheHitRatio
    }

    /// The conventional id: `savings/<tenant>/<provider>/<batch or group id>`. Tenants cannot
    /// contain `/`, so distinct inputs never collide.
    package static func makeID(tenant: String, provider: ProviderName, group: String) -> String {
        "savings/\(tenant)/\(provider.rawValue)/\(group)"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tenant, provider, model, mode
        case batchID = "batch_id"
        case groupID = "group_id"
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case requests, usage
        case baselineUSD = "baseline_usd"
        case actualUSD = "actual_usd"
        case savedUSD = "saved_usd"
        case batchDiscountUSD = "batch_discount_usd"
        case cacheSavingsUSD = "cache_savings_usd"
        case dedupeSavingsUSD = "dedupe_savings_usd"
        case cacheHitRatio = "cache_hit_ratio"
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        id = try object.string(CodingKeys.id, .eventID)
        tenant = try object.string(CodingKeys.tenant, .tenant)
        provider = try object.enumValue(ProviderName.self, CodingKeys.provider)
        model = try object.string(CodingKeys.model, .model)
        mode = try object.enumValue(ExecutionMode.self, CodingKeys.mode)
        if mode == .batch { try object.require(CodingKeys.batchID, "when mode is batch") }
        batchID = try object.optionalString(CodingKeys.batchID, .opaqueID)
        groupID = try object.optionalString(CodingKeys.groupID, .opaqueID)
        periodStart = try object.timestamp(CodingKeys.periodStart)
        periodEnd = try object.timestamp(CodingKeys.periodEnd)
        if periodEnd < periodStart {
            throw EventValidationError(.invalidValue, at: object.path(CodingKeys.periodEnd), "is earlier than period_start")
        }
        requests = try object.decode(RequestCounts.self, CodingKeys.requests)
        usage = try object.decode(TokenUsage.self, CodingKeys.usage)
        baselineUSD = try object.usd(CodingKeys.baselineUSD, nonNegative: true)
        actualUSD = try object.usd(CodingKeys.actualUSD, nonNegative: true)
        savedUSD = try object.usd(CodingKeys.savedUSD, nonNegative: false)
        batchDiscountUSD = try object.usd(CodingKeys.batchDiscountUSD, nonNegative: false)
        cacheSavingsUSD = try object.usd(CodingKeys.cacheSavingsUSD, nonNegative: false)
        dedupeSavingsUSD = try object.usd(CodingKeys.dedupeSavingsUSD, nonNegative: true)
        cacheHitRatio = try object.double(CodingKeys.cacheHitRatio, in: 0...1)

        let savedPath = object.path(CodingKeys.savedUSD)
        try USD.checkIdentity(savedUSD, equals: baselineUSD - actualUSD, at: savedPath, "baseline_usd - actual_usd")
        try USD.checkIdentity(
            savedUSD, equals: batchDiscountUSD + cacheSavingsUSD + dedupeSavingsUSD, at: savedPath,
            "batch_discount_usd + cache_savings_usd + dedupe_savings_usd"
        )
        // The ratio is a rounded double on the wire; a millionth is far below any decision it feeds.
        if abs(cacheHitRatio - usage.cacheHitRatio) > 1e-6 {
            throw EventValidationError(
                .conflictingFields, at: object.path(CodingKeys.cacheHitRatio),
                "must equal usage.cache_read_input_tokens / prompt tokens (\(usage.cacheHitRatio)), found \(cacheHitRatio)"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(mode, forKey: .mode)
        try container.encodeIfPresent(batchID, forKey: .batchID)
        try container.encodeIfPresent(groupID, forKey: .groupID)
        try container.encode(periodStart, forKey: .periodStart)
        try container.encode(periodEnd, forKey: .periodEnd)
        try container.encode(requests, forKey: .requests)
        try container.encode(usage, forKey: .usage)
        try container.encode(baselineUSD, forKey: .baselineUSD)
        try container.encode(actualUSD, forKey: .actualUSD)
        try container.encode(savedUSD, forKey: .savedUSD)
        try container.encode(batchDiscountUSD, forKey: .batchDiscountUSD)
        try container.encode(cacheSavingsUSD, forKey: .cacheSavingsUSD)
        try container.encode(dedupeSavingsUSD, forKey: .dedupeSavingsUSD)
        try container.encode(cacheHitRatio, forKey: .cacheHitRatio)
    }
}
