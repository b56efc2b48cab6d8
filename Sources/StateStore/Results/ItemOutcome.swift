/// The recorded outcome of one batch item: what happens to its request, and what the provider
/// billed for it.
package struct ItemOutcome: Sendable, Hashable {
    /// The item's custom id in its batch.
    package var customID: String
    package var resolution: ItemResolution
    /// The provider's bill for the item, if it reported one; its `customID` must match.
    package var ledger: LedgerEntry?
    /// The answer to keep for identical requests (dedupe), stored in the same transaction.
    package var response: CachedResponse?

    package init(customID: String, resolution: ItemResolution, ledger: LedgerEntry? = nil, response: CachedResponse? = nil) {
        self.customID = customID
        self.resolution = resolution
        self.ledger = ledger
        self.response = response
    }
}
