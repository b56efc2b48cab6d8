/// One page of a provider's batch list, newest first.
package struct BatchPage: Sendable {
    package var batches: [BatchSnapshot]
    /// Pass back as `after` to get the next page; `nil` on the last page.
    package var nextCursor: String?

    package init(batches: [BatchSnapshot], nextCursor: String?) {
        self.batches = batches
        self.nextCursor = nextCursor
    }
}
