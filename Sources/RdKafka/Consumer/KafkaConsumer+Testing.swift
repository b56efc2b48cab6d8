import Synchronization

extension KafkaConsumer {
    /// The most key and value bytes the reader has had handed to it and not yet taken, so tests
    /// can check ``KafkaConsumerConfiguration/bufferMaxBytes``.
    @_spi(Testing)
    public var peakBufferedBytesForTesting: Int { core.demand.peakBufferedBytes.load(ordering: .relaxed) }
}
