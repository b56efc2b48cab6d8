package import Foundation

// MARK: - Cost math (DESIGN §2)

extension PriceBook {
    /// The per-token rates one request pays in one mode, after the long-context tier.
    package struct Rates: Sendable, Hashable {
        package var input: Decimal
        package var output: Decimal
        package var cacheRead: Decimal?
        /// A write at the provider's default TTL (or of unknown TTL).
        package var cacheWrite: Decimal?
        package var cacheWrite5m: Decimal?
        package var cacheWrite1h: Decimal?
    }

    /// The rates of `model` in `mode` for a prompt of `promptTokens` total input tokens.
    ///
    /// - Throws: ``PriceBookError`` when the model is unknown or lacks the mode's input/output prices.
    package func rates(provider: Provider, model: String, mode: PricingMode, promptTokens: Int = 0) throws -> Rates {
        let entry = try self.entry(provider: provider, model: model)
        var prices = entry.prices
        if let tier = entry.longContext, promptTokens > tier.thresholdTokens {
            prices.merge(tier.prices) { _, tiered in tiered }
        }
        func need(_ field: PriceField) throws -> Decimal {
            guard let price = prices[field] else {
                throw PriceBookError.missingPrice(provider: provider, model: entry.model, field: field.rawValue, mode: mode)
            }
            return price
        }
        switch mode {
        case .realtime:
            return Rates(
                input: try need(.input),
                output: try need(.output),
                cacheRead: prices[.cacheRead],
                cacheWrite: prices[.cacheWrite] ?? prices[.cacheWrite5m],
                cacheWrite5m: prices[.cacheWrite5m] ?? prices[.cacheWrite],
                cacheWrite1h: prices[.cacheWrite1h]
            )
        case .batch:
            return Rates(
                input: try need(.batchInput),
                output: try need(.batchOutput),
                cacheRead: prices[.batchCacheRead],
                cacheWrite: prices[.batchCacheWrite] ?? prices[.batchCacheWrite5m],
                cacheWrite5m: prices[.batchCacheWrite5m] ?? prices[.batchCacheWrite],
                cacheWrite1h: prices[.batchCacheWrite1h]
            )
        case .flex:
            if prices[.flexInput] != nil || provider != .openai {
                return Rates(
                    input: try need(.flexInput),
                    output: try need(.flexOutput),
                    cacheRead: prices[.flexCacheRead],
                    cacheWrite: prices[.flexCacheWrite],
                    cacheWrite5m: prices[.flexCacheWrite],
                    cacheWrite1h: nil
                )
            }
            var rates = try self.rates(provider: provider, model: model, mode: .batch, promptTokens: promptTokens)
            rates.cacheWrite1h = nil
            return rates
        }
    }

    /// What the provider bills for `usage` in `mode`.
    ///
    /// Cache writes use the TTL split where the provider reported one, otherwise the default-TTL
    /// write price. Tokens of a kind the model has no price for throw rather than cost nothing.
    ///
    /// - Throws: ``PriceBookError``.
    package func cost(of usage: TokenUsage, provider: Provider, model: String, mode: PricingMode) throws -> CostBreakdown {
        let rates = try self.rates(provider: provider, model: model, mode: mode, promptTokens: usage.totalInputTokens)
        let name = (try? self.entry(provider: provider, model: model).model) ?? model
        func require(_ price: Decimal?, _ field: String) throws -> Decimal {
            guard let price else {
                throw PriceBookError.missingPrice(provider: provider, model: name, field: field, mode: mode)
            }
            return price
        }
        var cost = CostBreakdown(
            input: Self.perToken(usage.inputTokens, rates.input),
            output: Self.perToken(usage.outputTokens, rates.output)
        )
        if usage.cacheReadInputTokens > 0 {
            cost.cacheRead = Self.perToken(usage.cacheReadInputTokens, try require(rates.cacheRead, "cache_read"))
        }
        if usage.cacheWriteInputTokens > 0 {
            if let split = usage.cacheWriteSplit {
                var writes = Decimal(0)
                if split.fiveMinute > 0 {
                    writes += Self.perToken(split.fiveMinute, try require(rates.cacheWrite5m, "cache_write_5m"))
                }
                if split.oneHour > 0 {
                    writes += Self.perToken(split.oneHour, try require(rates.cacheWrite1h, "cache_write_1h"))
                }
                let unsplit = usage.cacheWriteInputTokens - split.fiveMinute - split.oneHour
                if unsplit > 0 {
                    writes += Self.perToken(unsplit, try require(rates.cacheWrite, "cache_write"))
                }
                cost.cacheWrite = writes
            } else {
                cost.cacheWrite = Self.perToken(usage.cacheWriteInputTokens, try require(rates.cacheWrite, "cache_write"))
            }
        }
        return cost
    }

    /// The baseline of DESIGN §2: the same tokens sent once to the synchronous API at list price
    /// with no prompt caching (every prompt token at the input price).
    package func baselineCost(of usage: TokenUsage, provider: Provider, model: String) throws -> CostBreakdown {
        let rates = try self.rates(provider: provider, model: model, mode: .realtime, promptTokens: usage.totalInputTokens)
        return CostBreakdown(
            input: Self.perToken(usage.totalInputTokens, rates.input),
            output: Self.perToken(usage.outputTokens, rates.output)
        )
    }

    /// Gemini explicit cache storage: `tokens` held for `hours`.
    ///
    /// - Throws: ``PriceBookError`` when the model has no storage price.
    package func cacheStorageCost(provider: Provider, model: String, tokens: Int, hours: Decimal) throws -> Decimal {
        let entry = try self.entry(provider: provider, model: model)
        guard let price = entry.price(.cacheStoragePerMTokHour) else {
            throw PriceBookError.missingPrice(provider: provider, model: entry.model, field: PriceField.cacheStoragePerMTokHour.rawValue, mode: .realtime)
        }
        return Decimal(tokens) * hours * price / 1_000_000
    }

    static func perToken(_ tokens: Int, _ pricePerMillion: Decimal) -> Decimal {
        Decimal(tokens) * pricePerMillion / 1_000_000
    }
}
