import Foundation
import Providers

// MARK: - JSON: snake_case keys, money as JSON numbers of USD to 9 places (the USD wire form)

extension SavingsSummary: Codable {
    private enum CodingKeys: String, CodingKey {
        case events, results, rows
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.events = try container.decode(EventCounts.self, forKey: .events)
        self.results = try container.decode(ResultCounts.self, forKey: .results)
        self.rows = try container.decode([Row].self, forKey: .rows)
        self.totals = try Figures(from: decoder)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(events, forKey: .events)
        try container.encode(results, forKey: .results)
        // The totals sit at the top level beside the counts.
        try totals.encode(to: encoder)
        try container.encode(rows, forKey: .rows)
    }
}

extension SavingsSummary.ResultCounts: Codable {
    private enum CodingKeys: String, CodingKey {
        case total, succeeded, failed, expired, canceled
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            succeeded: try container.decode(Int.self, forKey: .succeeded), failed: try container.decode(Int.self, forKey: .failed),
            expired: try container.decode(Int.self, forKey: .expired), canceled: try container.decode(Int.self, forKey: .canceled))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(succeeded, forKey: .succeeded)
        try container.encode(failed, forKey: .failed)
        try container.encode(expired, forKey: .expired)
        try container.encode(canceled, forKey: .canceled)
    }
}

extension SavingsSummary.Figures: Codable {
    private enum CodingKeys: String, CodingKey {
        case baseline = "baseline_usd"
        case actual = "actual_usd"
        case minimum = "minimum_usd"
        case saved = "saved_usd"
        case captured
        case breakdown
    }

    private enum BreakdownKeys: String, CodingKey {
        case batchDiscount = "batch_discount_usd"
        case cacheSavings = "cache_savings_usd"
        case dedupeSavings = "dedupe_savings_usd"
    }

    /// Places `captured` keeps on the wire.
    static let capturedScale = 6

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let parts = try container.nestedContainer(keyedBy: BreakdownKeys.self, forKey: .breakdown)
        var breakdown = SavingsBreakdown(
            actual: try container.decode(USD.self, forKey: .actual).amount,
            batchDiscount: try parts.decode(USD.self, forKey: .batchDiscount).amount,
            cacheSavings: try parts.decode(USD.self, forKey: .cacheSavings).amount,
            dedupeSavings: try parts.decode(USD.self, forKey: .dedupeSavings).amount)
        // Each amount was rounded on its own; keep the written baseline and saved rather than re-deriving them.
        breakdown.baseline = try container.decode(USD.self, forKey: .baseline).amount
        breakdown.saved = try container.decode(USD.self, forKey: .saved).amount
        self.init(breakdown: breakdown, minimum: try container.decode(USD.self, forKey: .minimum).amount)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(USD(baseline), forKey: .baseline)
        try container.encode(USD(actual), forKey: .actual)
        try container.encode(USD(minimum), forKey: .minimum)
        try container.encode(USD(saved), forKey: .saved)
        if let captured {
            var value = captured
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, Self.capturedScale, .bankers)
            try container.encode(rounded, forKey: .captured)
        } else {
            try container.encodeNil(forKey: .captured)
        }
        var parts = container.nestedContainer(keyedBy: BreakdownKeys.self, forKey: .breakdown)
        try parts.encode(USD(breakdown.batchDiscount), forKey: .batchDiscount)
        try parts.encode(USD(breakdown.cacheSavings), forKey: .cacheSavings)
        try parts.encode(USD(breakdown.dedupeSavings), forKey: .dedupeSavings)
    }
}

extension SavingsSummary.Row: Codable {
    private enum CodingKeys: String, CodingKey {
        case provider, model, requests
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            provider: try container.decode(Provider.self, forKey: .provider), model: try container.decode(String.self, forKey: .model),
            requests: try container.decode(Int.self, forKey: .requests), figures: try SavingsSummary.Figures(from: decoder))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(requests, forKey: .requests)
        try figures.encode(to: encoder)
    }
}
