import Dispatch
import Foundation

/// A file that result lines are appended to as batch items finish, so a result set of any size
/// lives on disk, never whole in memory. Appends are serialised on a private queue off the
/// cooperative pool.
final class AppendOnlyFile: Sendable {
    /// Where the file is.
    let url: URL
    private let queue: DispatchQueue
    private let handle: FileHandle

    /// Creates (truncating) the file.
    init(url: URL) throws {
        self.url = url
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        self.handle = try FileHandle(forWritingTo: url)
        self.queue = DispatchQueue(label: "sluice.emulator.append.\(url.lastPathComponent)")
    }

    deinit {
        try? handle.close()
    }

    /// Appends bytes.
    func append(_ bytes: [UInt8]) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { [handle] in
                handle.write(Data(bytes))
                continuation.resume()
            }
        }
    }

    /// Appends one JSON line.
    func appendLine(_ value: JSONValue) async {
        var bytes = value.serialized()
        bytes.append(0x0A)
        await append(bytes)
    }

    /// Flushes to disk and returns the byte size.
    func finish() async -> Int {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            queue.async { [handle] in
                try? handle.synchronize()
                let size = (try? handle.offset()).map { Int($0) } ?? 0
                continuation.resume(returning: size)
            }
        }
    }
}
