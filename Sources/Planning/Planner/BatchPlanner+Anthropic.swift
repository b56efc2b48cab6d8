import Providers

extension BatchPlanner {
    /// Anthropic allows at most this many `cache_control` breakpoints in one request; a fifth is a 400.
    static let anthropicMaxBreakpoints = 4

    /// Places Anthropic breakpoints on `request`.
    ///
    /// - With a planned `ttl`, one breakpoint goes on the last block of the shared part, so every
    ///   request of the bucket writes or reads the same entry. Producer hints are kept, earliest
    ///   first (earlier prefixes are the more widely shared ones), only while the total stays
    ///   within the limit of 4. Hints before the planned breakpoint are raised to at least its TTL
    ///   and hints after it lowered to at most its TTL, because Anthropic requires 1-hour entries
    ///   to come before 5-minute ones and the planned TTL is the one the batch's timing needs.
    /// - Without one, producer hints are only made legal: the first 4 kept, TTL order repaired by
    ///   raising earlier 5-minute marks.
    static func anthropicMarked(_ request: LLMRequest, ttl: CacheMark?) -> LLMRequest {
        var result = request
        let existing = CacheSlot.marked(in: request)
        var planned: CacheSlot?
        if let ttl, let boundary = CacheSlot.sharedBoundary(of: request) {
            planned = boundary
            boundary.set(ttl, in: &result)
        }
        // Keep producer hints, earliest first, while under the limit.
        var kept = planned == nil ? 0 : 1
        for (slot, mark) in existing where slot != planned {
            if kept < Self.anthropicMaxBreakpoints {
                kept += 1
                if let planned, let ttl {
                    let adjusted =
                        slot < planned
                        ? (mark.ttl == .oneHour ? mark : ttl)
                        : (ttl.ttl == .fiveMinutes ? .fiveMinutes : mark)
                    slot.set(adjusted, in: &result)
                }
            } else {
                slot.set(nil, in: &result)
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
