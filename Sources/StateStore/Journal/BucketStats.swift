internal import GRDB

/// The pending requests of one bucket, summed, so that the accumulator can rebuild its state after
/// a restart without loading the requests themselves.
package struct BucketStats: Sendable, Hashable, Codable {
    package var bucket: String
    package var provider: String
    package var model: String
    package var endpoint: Endpoint
    package var count: Int
    package var totalBytes: Int
    package var totalEstimatedInputTokens: Int
    /// `received_at` of the oldest pending request (Unix ms).
    package var oldestReceivedAt: Int64
    /// The earliest deadline among them, if any has one (Unix ms).
    package var earliestDeadline: Int64?
    package var highestPriority: RequestPriority
    /// `received_at` of the oldest pending request of each priority present (Unix ms), so that the
    /// flush policy can give each priority its own wait.
    package var oldestByPriority: [RequestPriority: Int64] = [:]

    package init(
        bucket: String, provider: String, model: String, endpoint: Endpoint, count: Int, totalBytes: Int,
        totalEstimatedInputTokens: Int, oldestReceivedAt: Int64, earliestDeadline: Int64?,
        highestPriority: RequestPriority
    ) {
        self.bucket = bucket
        self.provider = provider
        self.model = model
        self.endpoint = endpoint
        self.count = count
        self.totalBytes = totalBytes
        self.totalEstimatedInputTokens = totalEstimatedInputTokens
        self.oldestReceivedAt = oldestReceivedAt
        self.earliestDeadline = earliestDeadline
        self.highestPriority = highestPriority
    }

    enum CodingKeys: String, CodingKey {
        case bucket, provider, model, endpoint, count
        case totalBytes = "total_bytes"
        case totalEstimatedInputTokens = "total_estimated_input_tokens"
        case oldestReceivedAt = "oldest_received_at"
        case earliestDeadline = "earliest_deadline"
        case highestPriority = "highest_priority"
    }
}

extension BucketStats: FetchableRecord {
    init(row: Row) throws {
        bucket = row["bucket"]
        provider = row["provider"]
        model = row["model"]
        endpoint = row["endpoint"]
        count = row["count"]
        totalBytes = row["total_bytes"]
        totalEstimatedInputTokens = row["total_estimated_input_tokens"]
        oldestReceivedAt = row["oldest_received_at"]
        earliestDeadline = row["earliest_deadline"]
        highestPriority = row["highest_priority"]
        let columns: [(RequestPriority, String)] = [
            (.low, "oldest_low_received_at"), (.normal, "oldest_normal_received_at"), (.high, "oldest_high_received_at"),
        ]
        for (priority, column) in columns {
            if let oldest: Int64 = row[column] { oldestByPriority[priority] = oldest }
        }
    }
}
