/// Lets a rebalance wait for the chunks the intake holds: partitions may only go once the records
/// already taken from them are journaled and their offsets stored (DESIGN §4).
///
/// The intake holds up to two chunks (one being journaled, the next being decoded), so the gate
/// counts them; while a revoke waits, no new chunk is let in, so the count reaches zero.
actor ChunkGate {
    private var inHand = 0
    private var revoking = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var entryWaiters: [CheckedContinuation<Void, Never>] = []

    /// Takes a chunk in hand; waits while a revoke is in progress.
    func enter() async {
        while revoking > 0 {
            await withCheckedContinuation { entryWaiters.append($0) }
        }
        inHand += 1
    }

    /// Gives a chunk back (journaled and its offsets stored, or abandoned).
    func leave() {
        precondition(inHand > 0, "ChunkGate.leave without enter")
        inHand -= 1
        guard inHand == 0 else { return }
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no chunk is in hand, holding new ones back meanwhile.
    func waitUntilIdle() async {
        revoking += 1
        if inHand > 0 {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        revoking -= 1
        guard revoking == 0 else { return }
        let waiters = entryWaiters
        entryWaiters = []
        for waiter in waiters { waiter.resume() }
    }
}
