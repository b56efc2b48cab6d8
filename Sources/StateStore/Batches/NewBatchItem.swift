/// One item of a batch being planned: the custom id sent to the provider, and the request it
/// answers (none for a primer or other overhead item).
package struct NewBatchItem: Sendable, Hashable {
    /// Unique within the batch; the provider echoes it with the item's result.
    package var customID: String
    package var request: RequestKey?

    package init(customID: String, request: RequestKey?) {
        self.customID = customID
        self.request = request
    }
}
