import Foundation

/// Works around a use-after-free in malloc-interposer 1.6.1 (the `MallocInterposer` trait's
/// backend), which otherwise corrupts the heap and crashes a run.
///
/// The interposer keeps a per-thread counter block in a pthread key whose destructor frees the
/// block but leaves its `__thread` cache (`t_block`, `interposer-unix.c`) pointing at it. A thread
/// that exits while counting is on (the tool counts for the whole run, not only the measured
/// span) and then allocates in a *later* key destructor writes into the freed block, corrupting
/// the allocator's free list; the process dies later in `malloc_consolidate` or at a thread's
/// exit. Later destructors are those of keys created after the interposer's, which is created at
/// the first counted allocation. Foundation creates its thread key lazily, and its destructor
/// allocates (a `Thread` object for a dispatch worker carries the thread's name), so
/// cooperative-pool threads that go idle and exit mid-run (as in the wrapper's consume run)
/// crashed it every time.
///
/// Run from the global setup, which the tool runs before it starts counting: Foundation's
/// thread key (and the cooperative pool) then exist before the interposer's key, so their
/// destructors run before the interposer's and nothing touches the freed block.
enum ProcessWarmUp {
    static func run() async {
        _ = currentThreadName()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                _ = currentThreadName()
                continuation.resume()
            }
        }
        await withTaskGroup(of: String?.self) { group in
            for _ in 0..<4 {
                group.addTask { currentThreadName() }
            }
            for await _ in group {}
        }
    }

    /// Makes Foundation create its `Thread` for the calling thread (and with it, its key).
    private static func currentThreadName() -> String? {
        Thread.current.name
    }
}
