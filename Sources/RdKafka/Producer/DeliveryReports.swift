import NIOCore

/// The delivery reports of records sent with ``KafkaProducer/enqueue(_:)``, in the order
/// librdkafka serves them.
///
/// Reports are handed over a poll round at a time (one hand-off for many reports, which is what
/// keeps the wrapper's cost per record small) and read one by one. Single reader only; it
/// finishes once the producer is closed.
public struct DeliveryReports: AsyncSequence, Sendable {
    public typealias Element = DeliveryReport

    typealias Wrapped = NIOAsyncSequenceProducer<DeliveryReport, Unbounded, NoDemandSignal>

    let wrapped: Wrapped

    public struct AsyncIterator: AsyncIteratorProtocol {
        var wrapped: Wrapped.AsyncIterator

        public mutating func next() async -> DeliveryReport? {
            await wrapped.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(wrapped: wrapped.makeAsyncIterator())
    }

    /// Never asks the poll thread to stop: reports cannot be held back (each record gets exactly
    /// one), and how many are outstanding is already bounded by the producer's in-flight limit.
    struct Unbounded: NIOAsyncSequenceProducerBackPressureStrategy {
        mutating func didYield(bufferDepth: Int) -> Bool { true }
        mutating func didConsume(bufferDepth: Int) -> Bool { true }
    }

    /// Nothing to do on demand changes, see ``Unbounded``.
    final class NoDemandSignal: NIOAsyncSequenceProducerDelegate {
        func produceMore() {}
        func didTerminate() {}
    }
}
