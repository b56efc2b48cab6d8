import AsyncHTTPClient
import Logging
import NIOCore

/// The results of a batch, one canonical item at a time, in bounded memory.
///
/// Result files are streamed: the body is split into lines as it arrives (``JSONLineSequence``)
/// and each line is decoded on its own, so memory stays flat whatever the file size. A download
/// cut mid-body is restarted (bounded by the client's `downloadRetry`), skipping the lines already
/// delivered; result files are immutable, so line positions are stable. Consuming slowly applies backpressure all the way
/// to the socket.
package struct BatchResultStream: AsyncSequence, Sendable {
    package typealias Element = BatchItemResult

    let sources: [ResultSource]
    let provider: Provider
    let retry: RetryPolicy
    let logger: Logger

    package func makeAsyncIterator() -> Iterator {
        Iterator(stream: self)
    }

    /// Reads the sources in order.
    package struct Iterator: AsyncIteratorProtocol {
        typealias Lines = JSONLineSequence<HTTPClientResponse.Body>

        private enum Current {
            case idle
            case lines(Lines.AsyncIterator, source: ResultSource.Download, consumed: Int, restarts: Int)
            case items(IndexingIterator<[BatchItemResult]>)
        }

        private let stream: BatchResultStream
        private var pending: ArraySlice<ResultSource>
        private var current: Current = .idle

        init(stream: BatchResultStream) {
            self.stream = stream
            self.pending = stream.sources[...]
        }

        package mutating func next() async throws -> BatchItemResult? {
            while true {
                switch self.current {
                case .idle:
                    guard let source = self.pending.popFirst() else { return nil }
                    switch source {
                    case .items(let load):
                        self.current = .items(try await load().makeIterator())
                    case .download(let download):
                        let lines = try await self.openLines(download, skipping: 0)
                        self.current = .lines(lines, source: download, consumed: 0, restarts: 0)
                    }
                case .items(var iterator):
                    if let item = iterator.next() {
                        self.current = .items(iterator)
                        return item
                    }
                    self.current = .idle
                case .lines(var iterator, let download, let consumed, let restarts):
                    let line: ByteBuffer?
                    do {
                        line = try await iterator.next()
                    } catch is Lines.LineTooLong {
                        throw ProviderError.decoding(
                            provider: self.stream.provider,
                            message: "\(download.label): result line \(consumed + 1) is longer than the line cap"
                        )
                    } catch {
                        if error is CancellationError || Task.isCancelled { throw CancellationError() }
                        // The body was cut: start again and skip what was already delivered.
                        let attempt = restarts + 1
                        let delay = self.stream.retry.delay(afterAttempt: attempt, retryAfter: nil, unit: Double.random(in: 0..<1))
                        guard attempt < self.stream.retry.maxAttempts else {
                            throw ProviderError.transport(
                                provider: self.stream.provider,
                                message: "\(download.label): download failed after \(consumed) lines and \(attempt) attempts: \(ProviderTransport.describe(error))"
                            )
                        }
                        self.stream.logger.debug(
                            "restarting cut result download",
                            metadata: [
                                LoggingKeys.provider: "\(self.stream.provider)",
                                LoggingKeys.operation: "\(download.label)",
                                LoggingKeys.lines: "\(consumed)",
                                LoggingKeys.attempt: "\(attempt)",
                            ]
                        )
                        self.current = .idle
                        try await Task.sleep(for: delay)
                        let reopened = try await self.openLines(download, skipping: consumed)
                        self.current = .lines(reopened, source: download, consumed: consumed, restarts: attempt)
                        continue
                    }
                    guard let line else {
                        self.current = .idle
                        continue
                    }
                    self.current = .lines(iterator, source: download, consumed: consumed + 1, restarts: restarts)
                    if let item = try download.decode(line, consumed + 1) {
                        return item
                    }
                }
            }
        }

        /// Opens the download and drops its first `skip` lines.
        private func openLines(_ download: ResultSource.Download, skipping skip: Int) async throws -> Lines.AsyncIterator {
            let response = try await download.open()
            var iterator = Lines(base: response.body, maximumLineBytes: download.maxLineBytes).makeAsyncIterator()
            var skipped = 0
            while skipped < skip {
                guard try await iterator.next() != nil else {
                    throw ProviderError.transport(
                        provider: self.stream.provider,
                        message: "\(download.label): restarted download is shorter (\(skipped) lines) than before (\(skip))"
                    )
                }
                skipped += 1
            }
            return iterator
        }
    }
}

/// One place results come from.
enum ResultSource: Sendable {
    /// A JSONL file downloaded and decoded line by line.
    struct Download: Sendable {
        var label: String
        var maxLineBytes: Int
        /// Starts the download; returns once a success head arrives.
        var open: @Sendable () async throws -> HTTPClientResponse
        /// Decodes one line (1-based number given for messages); `nil` skips it.
        var decode: @Sendable (ByteBuffer, Int) throws -> BatchItemResult?
    }

    case download(Download)
    /// Results that come whole (Gemini inline responses).
    case items(@Sendable () async throws -> [BatchItemResult])
}
