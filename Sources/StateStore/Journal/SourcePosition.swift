/// A Kafka partition of the input topic and the highest offset journaled from it.
package struct SourcePosition: Sendable, Hashable {
    package var topic: String
    package var partition: Int32
    /// The highest offset journaled; the next to consume is `offset + 1`.
    package var offset: Int64

    package init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
