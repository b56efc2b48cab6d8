package import Foundation

/// What a usage costs, in USD, by component. Decimal throughout: no binary rounding.
package struct CostBreakdown: Sendable, Hashable {
    package var input: Decimal
    package var cacheWrite: Decimal
    package var cacheRead: Decimal
    package var output: Decimal

    package init(input: Decimal = 0, cacheWrite: Decimal = 0, cacheRead: Decimal = 0, output: Decimal = 0) {
        self.input = input
        self.cacheWrite = cacheWrite
        self.cacheRead = cacheRead
        self.output = output
    }

    package static let zero = CostBreakdown()

    package var total: Decimal { self.input + self.cacheWrite + self.cacheRead + self.output }

    package static func + (lhs: CostBreakdown, rhs: CostBreakdown) -> CostBreakdown {
        CostBreakdown(
            input: lhs.input + rhs.input,
            cacheWrite: lhs.cacheWrite + rhs.cacheWrite,
            cacheRead: lhs.cacheRead + rhs.cacheRead,
            output: lhs.output + rhs.output
        )
    }
}
