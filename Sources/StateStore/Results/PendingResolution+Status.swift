extension PendingResolution {
    /// How the request ends.
    package enum Status: Sendable, Hashable {
        case completed
        case failed(error: String)
    }
}
