/// What one request cost and would have cost (DESIGN §2), allocated from the provider's bill.
package struct Cost: Sendable, Hashable, Encodable, ContractDecodable {
    /// What the provider bills for what Sluice did: batch prices, cache reads and writes at their
    /// multipliers, billed retries, and a pro-rata share of primers and cache storage.
    package var actualUSD: USD
    /// The same request sent once to the synchronous API at list price without caching.
    package var baselineUSD: USD
    /// `baseline - actual`; negative when Sluice cost more (e.g. a failure with billed retries).
    package var savedUSD: USD

    /// A cost whose savings follow from the other two.
    package init(actual: USD, baseline: USD) {
        actualUSD = actual
        baselineUSD = baseline
        savedUSD = baseline - actual
    }

    package static let zero = Cost(actual: .zero, baseline: .zero)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case actualUSD = "actual_usd"
        case baselineUSD = "baseline_usd"
        case savedUSD = "saved_usd"
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        actualUSD = try object.usd(CodingKeys.actualUSD, nonNegative: true)
        baselineUSD = try object.usd(CodingKeys.baselineUSD, nonNegative: true)
        savedUSD = try object.usd(CodingKeys.savedUSD, nonNegative: false)
        try USD.checkIdentity(
            savedUSD, equals: baselineUSD - actualUSD, at: object.path(CodingKeys.savedUSD),
            "baseline_usd - actual_usd"
        )
    }
}
