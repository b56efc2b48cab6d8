import Foundation

/// Runs the C baseline's blocking calls on a thread of their own, never on the cooperative pool
/// (which the wrapper's runs, and the benchmark tool's own async plumbing, rely on).
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}

/// A pointer to a C baseline client. Safe to pass between threads: each client is used by one
/// thread at a time (the run hands it from one ``OffPool`` call to the next, in sequence).
struct RawHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
