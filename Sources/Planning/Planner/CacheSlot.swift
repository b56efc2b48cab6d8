import Providers

/// Where a cache breakpoint can sit in a request, in the providers' prefix order
/// (tools → system → messages). Comparable in that order.
struct CacheSlot: Hashable, Comparable {
    /// The block's position: a tool, a system block, or a block of a message.
    enum Place: Hashable, Comparable {
        case tool(Int)
        case system(Int)
        case message(Int, Int)
    }

    /// The block's position.
    let place: Place

    static func < (lhs: CacheSlot, rhs: CacheSlot) -> Bool { lhs.place < rhs.place }

    /// Every slot of `request` that carries a mark, in prefix order.
    static func marked(in request: LLMRequest) -> [(slot: CacheSlot, mark: CacheMark)] {
        var result: [(slot: CacheSlot, mark: CacheMark)] = []
        for (index, tool) in request.tools.enumerated() {
            if let mark = tool.cache { result.append((CacheSlot(place: .tool(index)), mark)) }
        }
        for (index, block) in request.system.enumerated() {
            if let mark = block.cache { result.append((CacheSlot(place: .system(index)), mark)) }
        }
        for (message, turn) in request.messages.enumerated() {
            for (index, block) in turn.content.enumerated() {
                if let mark = block.cache { result.append((CacheSlot(place: .message(message, index)), mark)) }
            }
        }
        return result
    }

    /// The mark at this slot of `request`.
    func mark(in request: LLMRequest) -> CacheMark? {
        switch place {
        case .tool(let index): request.tools[index].cache
        case .system(let index): request.system[index].cache
        case .message(let message, let index): request.messages[message].content[index].cache
        }
    }

    /// Sets (or clears) the mark at this slot of `request`.
    func set(_ mark: CacheMark?, in request: inout LLMRequest) {
        switch place {
        case .tool(let index): request.tools[index].cache = mark
        case .system(let index): request.system[index].cache = mark
        case .message(let message, let index): request.messages[message].content[index].cache = mark
        }
    }
}

extension LLMRequest {
    /// This request with every cache mark removed (providers that take none).
    var withoutCacheMarks: LLMRequest {
        var copy = self
        for (slot, _) in CacheSlot.marked(in: self) { slot.set(nil, in: &copy) }
        return copy
    }
}
