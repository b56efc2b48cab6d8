package import Foundation

/// What a usage costs, in USD, by component. Decimal throughout: no binary rounding.
package struct CostBreakdown: Sendable, Hashable {
    /// Uncached input.
    package var input: Decimal
    /// Cache writes, all TTLs.
    package var cacheWrite: Decimal
    /// Cache reads.
    package var cacheRead: Decimal
    /// Output (thinking included).
    package var output: Decimal

    /// A breakdown of the given amounts (USD).
    package init(input: Decimal = 0, cacheWrite: Decimal = 0, cacheRead: Decimal = 0, output: Decimal = 0) {
        self.input = input
        self.cacheWrite = cacheWrite
        self.cacheRead = cacheRead
        self.output = output
    }

    /// Nothing.
    package static let zero = CostBreakdown()

    /// The sum of every component.
    package var total: Decimal { self.input + self.cacheWrite + self.cacheRead + self.output }

    /// Component-wise sum.
    package static func + (lhs: CostBreakdown, rhs: CostBreakdown) -> CostBreakdown {
        CostBreakdown(
            input: lhs.input + rhs.input,
            cacheWrite: lhs.cacheWrite + rhs.cacheWrite,
            cacheRead: lhs.cacheRead + rhs.cacheRead,
            output: lhs.output + rhs.output
        )
    }
}
