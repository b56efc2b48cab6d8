/// Hands decoded chunks from the intake's reader to its committer, one at a time: the reader
/// decodes the next chunk while the committer journals the last, and waits when it is a chunk
/// ahead. ``fail()`` wakes both sides when either ends with an error.
actor ChunkHandoff<Item: Sendable> {
    private var slot: Item?
    private var finished = false
    private var failed = false
    private var waitingPut: CheckedContinuation<Void, Never>?
    private var waitingTake: CheckedContinuation<Void, Never>?

    /// Puts an item in the slot, waiting while it is full.
    /// - Returns: false, keeping nothing, once the handoff has failed.
    func put(_ item: Item) async -> Bool {
        while slot != nil && !failed {
            await withCheckedContinuation { waitingPut = $0 }
        }
        guard !failed else { return false }
        slot = item
        wake(&waitingTake)
        return true
    }

    /// Takes the next item, waiting for one.
    /// - Returns: nil once the reader finished and the slot is empty, or the handoff failed.
    func take() async -> Item? {
        while slot == nil && !finished && !failed {
            await withCheckedContinuation { waitingTake = $0 }
        }
        guard !failed, let item = slot else { return nil }
        slot = nil
        wake(&waitingPut)
        return item
    }

    /// No more items will be put.
    func finish() {
        finished = true
        wake(&waitingTake)
    }

    /// Ends the handoff for both sides.
    /// - Returns: The item left in the slot, which nobody will take.
    func fail() -> Item? {
        failed = true
        wake(&waitingPut)
        wake(&waitingTake)
        defer { slot = nil }
        return slot
    }

    private func wake(_ waiter: inout CheckedContinuation<Void, Never>?) {
        let continuation = waiter
        waiter = nil
        continuation?.resume()
    }
}
