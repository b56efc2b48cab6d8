internal import CRdKafka

// MARK: - Fault injection (the mock's own hooks, reference/kafka.md §1.3)

extension EmbeddedBroker {
    /// Fails the next `errors.count` requests of `api`, cluster-wide, with these errors in order.
    /// ``KafkaErrorCode/transport`` drops the connection instead of answering.
    /// Does nothing once the broker is shut down.
    public func pushRequestErrors(_ api: KafkaAPI, _ errors: [KafkaErrorCode]) {
        var codes = errors.map(\.rdkafka)
        try? cluster.withPointer { mcluster in
            rd_kafka_mock_push_request_errors_array(mcluster, api.rawValue, codes.count, &codes)
        }
    }

    /// Forgets errors pushed for `api` and not yet used. Does nothing once the broker is shut down.
    public func clearRequestErrors(_ api: KafkaAPI) {
        try? cluster.withPointer { mcluster in rd_kafka_mock_clear_request_errors(mcluster, api.rawValue) }
    }

    /// Queues one error, answered after `delay`, for the next request of `api` to broker `id`.
    public func pushRequestError(broker id: Int32, _ api: KafkaAPI, _ error: KafkaErrorCode, delay: Duration = .zero) throws(KafkaError) {
        let result = try cluster.withPointer { mcluster in
            sluice_mock_broker_push_request_error_rtt(mcluster, id, api.rawValue, error.rdkafka, delay.milliseconds)
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "push error to broker \(id)") }
    }

    /// Takes broker `id` down: its connections close and new ones are refused (its port is kept).
    /// It stays in metadata and stays leader, as the 2.0.2 mock does.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        let result = try cluster.withPointer { mcluster in
            rd_kafka_mock_broker_set_down(mcluster, id)
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "broker \(id) down") }
    }

    /// Brings broker `id` back up.
    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        let result = try cluster.withPointer { mcluster in
            rd_kafka_mock_broker_set_up(mcluster, id)
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "broker \(id) up") }
    }

    /// Delays every response of broker `id` by `rtt`.
    public func setRoundTripTime(broker id: Int32, _ rtt: Duration) throws(KafkaError) {
        let result = try cluster.withPointer { mcluster in
            rd_kafka_mock_broker_set_rtt(mcluster, id, rtt.milliseconds)
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "broker \(id) rtt") }
    }

    /// Moves the leadership of one partition to broker `id` (-1: leaderless).
    public func setPartitionLeader(topic: String, partition: Int32, broker id: Int32) throws(KafkaError) {
        let result = try cluster.withPointer { mcluster in
            rd_kafka_mock_partition_set_leader(mcluster, topic, partition, id)
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "leader of \(topic)[\(partition)]") }
    }
}
