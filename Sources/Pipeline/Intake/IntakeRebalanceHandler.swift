internal import Logging
package import RdKafka

/// Before partitions go, waits for the chunk being journaled so that its offsets are stored and
/// committed by the consumer; records of the revoked partitions still buffered are dropped by the
/// consumer and re-read by the new owner, whose journal ignores any it already has.
package struct IntakeRebalanceHandler: KafkaRebalanceHandler {
    let gate: ChunkGate
    let logger: Logger

    package func partitionsAssigned(_ partitions: [TopicPartition]) async {
        logger.info("Partitions assigned", metadata: ["partitions": "\(partitions.map(\.description))"])
    }

    package func partitionsRevoked(_ partitions: [TopicPartition], lost: Bool) async {
        await gate.waitUntilIdle()
        logger.info(
            "Partitions revoked", metadata: ["partitions": "\(partitions.map(\.description))", "lost": "\(lost)"])
    }
}
