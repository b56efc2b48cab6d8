import Providers

extension BatchPlanner {
    /// Anthropic allows at most this many `cache_control` breakpoints in one request; a fifth is a 400.
    static let anthropicMaxBreakpoints = 4

    /// Places Anthropic breakpoints on `request`.
    ///
    /// - The `planned` breakpoints (the planner's, at most 4) are set with their TTLs. Producer
    ///   hints are kept, earliest first (earlier prefixes are the more widely shared ones), only
    ///   while the total stays within the limit of 4. A hint before a planned breakpoint is raised
    ///   to at least the TTL of the next planned one after it, and a hint after every planned one
    ///   is lowered to at most the deepest planned TTL, because Anthropic requires 1-hour entries
    ///   to come before 5-minute ones and the planned TTLs are the ones the plan's timing needs.
    /// - Without planned breakpoints, producer hints are only made legal: the first 4 kept, TTL
    ///   order repaired by raising earlier 5-minute marks.
    static func anthropicMarked(_ request: LLMRequest, planned: [(CacheSlot, CacheMark)]) -> LLMRequest {
        var result = request
        let existing = CacheSlot.marked(in: request)
        let plannedSorted = planned.count < 2 ? planned[...] : planned.sorted { $0.0 < $1.0 }.prefix(Self.anthropicMaxBreakpoints)
        for (slot, mark) in plannedSorted { slot.set(mark, in: &result) }
        // Keep producer hints, earliest first, while under the limit.
        var kept = plannedSorted.count
        for (slot, mark) in existing where !plannedSorted.contains(where: { $0.0 == slot }) {
            guard kept < Self.anthropicMaxBreakpoints else {
                slot.set(nil, in: &result)
                continue
            }
            kept += 1
            if let next = plannedSorted.first(where: { slot < $0.0 }) {
                slot.set(mark.ttl == .oneHour ? mark : next.1, in: &result)
            } else if let deepest = plannedSorted.last {
                slot.set(deepest.1.ttl == .fiveMinutes ? .fiveMinutes : mark, in: &result)
            }
        }
        // 1-hour entries must precede 5-minute ones: raise any 5-minute mark followed by a 1-hour one.
        var laterHasOneHour = false
        for (slot, _) in CacheSlot.marked(in: result).reversed() {
            guard let mark = slot.mark(in: result) else { continue }
            if mark.ttl == .oneHour {
                laterHasOneHour = true
            } else if laterHasOneHour {
                slot.set(.oneHour, in: &result)
            }
        }
        return result
    }
}
