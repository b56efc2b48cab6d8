import Foundation
import Planning
import StateStore

/// The body of `GET /v1/stats`.
///
/// Dollar amounts are decimal strings (`"12.3456"`), never JSON numbers, so that no client parses
/// them through binary floating point; token counts are integers.
struct StatsDocument: Encodable, Sendable {
    /// Sums for one provider, model and mode.
    struct Ledger: Encodable, Sendable {
        var provider: String
        var model: String
        var mode: String
        var entries: Int
        var inputTokens: Int
        var cacheReadInputTokens: Int
        var cacheWriteInputTokens: Int
        var cacheWrite5mInputTokens: Int
        var cacheWrite1hInputTokens: Int
        var outputTokens: Int
        var baselineUSD: String
        var actualUSD: String
        var savedUSD: String

        enum CodingKeys: String, CodingKey {
            case provider, model, mode, entries
            case inputTokens = "input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
            case cacheWriteInputTokens = "cache_write_input_tokens"
            case cacheWrite5mInputTokens = "cache_write_5m_input_tokens"
            case cacheWrite1hInputTokens = "cache_write_1h_input_tokens"
            case outputTokens = "output_tokens"
            case baselineUSD = "baseline_usd"
            case actualUSD = "actual_usd"
            case savedUSD = "saved_usd"
        }
    }

    /// The outbox (results, savings and alerts waiting for Kafka).
    struct Outbox: Encodable, Sendable {
        var backlog: Int
        var oldestUnpublishedAt: String?
        var oldestUnpublishedAgeSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case backlog
            case oldestUnpublishedAt = "oldest_unpublished_at"
            case oldestUnpublishedAgeSeconds = "oldest_unpublished_age_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(backlog, forKey: .backlog)
            // Explicit nulls: "no backlog" is an answer, not a missing field.
            try container.encode(oldestUnpublishedAt, forKey: .oldestUnpublishedAt)
            try container.encode(oldestUnpublishedAgeSeconds, forKey: .oldestUnpublishedAgeSeconds)
        }
    }

    /// Dollar sums over the whole ledger.
    struct Totals: Encodable, Sendable {
        var baselineUSD: String
        var actualUSD: String
        var savedUSD: String

        enum CodingKeys: String, CodingKey {
            case baselineUSD = "baseline_usd"
            case actualUSD = "actual_usd"
            case savedUSD = "saved_usd"
        }
    }

    var generatedAt: String
    var requests: [String: Int]
    var batches: [String: Int]
    var outbox: Outbox
    var ledger: [Ledger]
    var totals: Totals
    var pipeline: [String: Double]

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case requests, batches, outbox, ledger, totals, pipeline
    }

    /// - Parameters:
    ///   - stats: The store snapshot.
    ///   - pipeline: Live figures from the pipeline; non-finite values are left out (JSON has none).
    ///   - now: When the document is made (outbox age, `generated_at`).
    init(stats: StoreStats, pipeline: [String: Double], now: Date) {
        generatedAt = EventTimestamp(now).rfc3339
        requests = Dictionary(uniqueKeysWithValues: stats.requestsByStatus.map { ($0.key.rawValue, $0.value) })
        batches = Dictionary(uniqueKeysWithValues: stats.batchesByState.map { ($0.key.rawValue, $0.value) })
        let oldest = stats.oldestUnpublishedAt.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        outbox = Outbox(
            backlog: stats.outboxBacklog,
            oldestUnpublishedAt: oldest.map { EventTimestamp($0).rfc3339 },
            oldestUnpublishedAgeSeconds: oldest.map { max(0, now.timeIntervalSince($0)) })
        ledger = stats.ledger.map { row in
            Ledger(
                provider: row.provider, model: row.model, mode: row.mode.rawValue, entries: row.entryCount,
                inputTokens: row.inputTokens, cacheReadInputTokens: row.cacheReadInputTokens,
                cacheWriteInputTokens: row.cacheWriteInputTokens, cacheWrite5mInputTokens: row.cacheWrite5mInputTokens,
                cacheWrite1hInputTokens: row.cacheWrite1hInputTokens, outputTokens: row.outputTokens,
                baselineUSD: "\(row.baselineUSD)", actualUSD: "\(row.actualUSD)", savedUSD: "\(row.savedUSD)")
        }
        let baseline = stats.ledger.reduce(Decimal(0)) { $0 + $1.baselineUSD }
        let actual = stats.ledger.reduce(Decimal(0)) { $0 + $1.actualUSD }
        totals = Totals(baselineUSD: "\(baseline)", actualUSD: "\(actual)", savedUSD: "\(baseline - actual)")
        self.pipeline = pipeline.filter { $0.value.isFinite }
    }
}
