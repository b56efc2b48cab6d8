/// Lets a rebalance wait for the chunk the intake is journaling: partitions may only go once the
/// records already taken from them are journaled and their offsets stored (DESIGN §4).
actor ChunkGate {
    private var busy = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// Runs one chunk's hand-off; a rebalance that arrives meanwhile waits for it to end.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        busy = true
        defer {
            busy = false
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        return try await body()
    }

    /// Returns once no chunk is being handed off.
    func waitUntilIdle() async {
        guard busy else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }
}
