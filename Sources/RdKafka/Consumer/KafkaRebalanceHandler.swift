/// Told when partitions arrive and before they go, so in-flight work can be handed off first.
///
/// Called from the consumer's poll thread, which waits (up to
/// ``KafkaConsumerConfiguration/rebalanceHandlerTimeout``) for the call to return: in
/// ``partitionsRevoked(_:lost:)`` the caller makes its pending work durable and stores those
/// offsets; the consumer then commits synchronously and lets the partitions go.
public protocol KafkaRebalanceHandler: Sendable {
    /// Partitions newly assigned to this member.
    func partitionsAssigned(_ partitions: [TopicPartition]) async
    /// Partitions about to go. When `lost` is true another member may already own them: do not
    /// commit for them (the consumer will not).
    func partitionsRevoked(_ partitions: [TopicPartition], lost: Bool) async
}
