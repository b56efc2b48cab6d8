import Dispatch
import Foundation

/// Runs file-system calls on Dispatch threads, never on the cooperative pool.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "sluice.emulator.io", attributes: .concurrent)

    /// Runs `work` off the cooperative pool and returns its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Reads a whole file.
    static func read(_ url: URL) async throws -> [UInt8] {
        try await run { Array(try Data(contentsOf: url)) }
    }

    /// Size of a file in bytes.
    static func size(_ url: URL) async throws -> Int {
        try await run {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        }
    }

    /// Removes a file, ignoring a missing one.
    static func remove(_ url: URL) async {
        _ = try? await run { try? FileManager.default.removeItem(at: url) }
    }
}
