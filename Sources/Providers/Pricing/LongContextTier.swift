package import Foundation

/// Higher prices for prompts above a size (Gemini 2.5 Pro above 200k tokens; Claude Haiku 5.5
/// above 100k). The whole request is billed at the tier once the prompt passes the threshold;
/// fields the tier does not list keep the base price.
package struct LongContextTier: Sendable, Hashable {
    /// Prompts with more total input tokens than this use the tier.
    package var thresholdTokens: Int
    package var prices: [PriceField: Decimal]

    package init(thresholdTokens: Int, prices: [PriceField: Decimal]) {
        self.thresholdTokens = thresholdTokens
        self.prices = prices
    }
}
