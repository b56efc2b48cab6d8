/// The body of `GET /v1/batches`.
struct BatchList: Encodable, Sendable {
    var count: Int
    var batches: [BatchSummary]

    init(batches: [BatchSummary]) {
        self.count = batches.count
        self.batches = batches
    }
}
