/// A Gemini explicit cache (`cachedContents`) the plan asks for: the submitter creates it from the
/// bucket's shared prefix before the batch goes out, the requests reference it instead of carrying
/// the prefix, and it is deleted once the batch's results are recorded (providers.md §3.5).
///
/// Stored with the plan so that a submitter after a restart creates (or adopts) the same cache
/// with the same TTL, and bills the same storage.
package struct ExplicitCachePlan: Sendable, Hashable, Codable {
    /// The TTL asked for at creation, in whole seconds: the batch's expected life with margin.
    /// Storage for all of it is billed up front and nothing is refunded on an early delete.
    package var ttlSeconds: Int

    /// A plan as given.
    package init(ttlSeconds: Int) {
        self.ttlSeconds = ttlSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case ttlSeconds = "ttl_seconds"
    }
}
