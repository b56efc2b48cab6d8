internal import CRdKafka

extension KafkaProducer {
    /// Raises a fatal error inside librdkafka, as a fenced or desynchronized producer would, so tests
    /// can check that it is surfaced (librdkafka's `rd_kafka_test_fatal_error`).
    @_spi(Testing)
    public func triggerFatalErrorForTesting(_ reason: String) {
        _ = try? handleForTesting.withPointer { rk in
            rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH, reason)
        }
    }
}
