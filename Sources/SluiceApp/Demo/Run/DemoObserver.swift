import Foundation
internal import Logging
package import Planning
internal import RdKafka
import Synchronization

/// Reads what Sluice publishes, as a downstream consumer would: results by request, dead letters,
/// and savings events. The demo decides from this, not from Sluice's own bookkeeping, whether
/// every accepted event got exactly one result.
package final class DemoObserver: Sendable {
    package struct State: Sendable {
        package var results: [DemoRequestIdentity: [ResultEvent]] = [:]
        package var deadLetters = 0
        package var savings: [SavingsEvent] = []
        package var undecodable = 0
        package var resultsSeen = 0
    }

    private let state = Mutex(State())
    let topics: (results: String, deadLetter: String, savings: String)

    init(results: String, deadLetter: String, savings: String) {
        topics = (results, deadLetter, savings)
    }

    package var snapshot: State { state.withLock { $0 } }

    /// Consumes until the consumer closes.
    func consume(_ consumer: KafkaConsumer) async throws {
        var iterator = consumer.messages.makeAsyncIterator()
        while let chunk = try await iterator.nextChunk() {
            state.withLock { state in
                for message in chunk {
                    switch message.topic {
                    case topics.results:
                        guard let event = try? ResultEvent.decodeValidated(from: message.value) else {
                            state.undecodable += 1
                            continue
                        }
                        state.resultsSeen += 1
                        state.results[DemoRequestIdentity(tenant: event.tenant, id: event.id), default: []].append(event)
                    case topics.deadLetter:
                        state.deadLetters += 1
                    case topics.savings:
                        guard let event = try? SavingsEvent.decodeValidated(from: message.value) else {
                            state.undecodable += 1
                            continue
                        }
                        // At-least-once: a redelivered savings event has the same id.
                        if !state.savings.contains(where: { $0.id == event.id }) { state.savings.append(event) }
                    default:
                        break
                    }
                }
            }
        }
    }
}
