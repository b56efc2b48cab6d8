import RdKafka
import Planning

extension SluiceConfiguration {
    /// How Sluice joins Kafka.
    package struct Kafka: Sendable, Hashable {
        /// `KAFKA_BROKERS` / `kafka.brokers`: `host:port[,host:port...]`; `nil` runs the embedded broker.
        package var brokers: String?
        /// `SLUICE_GROUP_ID` / `kafka.group_id`. Default `sluice`.
        package var groupID: String
        /// `SLUICE_GROUP_INSTANCE_ID` / `kafka.group_instance_id`. When `nil` (and static membership is
        /// on) one is generated once and kept in the data directory: see
        /// ``SluiceConfiguration/resolvedGroupInstanceID()``.
        package var groupInstanceID: String?
        /// Static membership (`group.instance.id`), so a restarted instance takes its partitions
        /// straight back (DESIGN §4). `SLUICE_GROUP_INSTANCE_ID=off` or `kafka.static_membership: false`
        /// turns it off. Default on.
        package var staticMembership: Bool
        /// `kafka.session_timeout`. Default 30 s with static membership (a restart must come back within
        /// it, so it cannot be short), 45 s otherwise (Kafka's default).
        package var sessionTimeout: Duration
        /// `kafka.properties`: any other librdkafka property (security, tuning), passed through as is.
        package var properties: [String: String]

        package init(
            brokers: String? = nil, groupID: String = "sluice", groupInstanceID: String? = nil, staticMembership: Bool = true,
            sessionTimeout: Duration? = nil, properties: [String: String] = [:]
        ) {
            self.brokers = brokers
            self.groupID = groupID
            self.groupInstanceID = groupInstanceID
            self.staticMembership = staticMembership
            self.sessionTimeout = sessionTimeout ?? Self.defaultSessionTimeout(staticMembership: staticMembership)
            self.properties = properties
        }

        package static func defaultSessionTimeout(staticMembership: Bool) -> Duration {
            staticMembership ? .seconds(30) : .seconds(45)
        }

        /// Properties the typed settings own; setting them in `kafka.properties` would make two
        /// sources of truth (or, for the offset store, break at-least-once), so they are refused.
        static let reservedProperties: [String: String] = [
            "bootstrap.servers": "KAFKA_BROKERS / kafka.brokers",
            "metadata.broker.list": "KAFKA_BROKERS / kafka.brokers",
            "group.id": "SLUICE_GROUP_ID / kafka.group_id",
            "group.instance.id": "SLUICE_GROUP_INSTANCE_ID / kafka.group_instance_id",
            "session.timeout.ms": "kafka.session_timeout",
            "enable.auto.offset.store": "nothing: Sluice stores offsets itself after the journal commit",
        ]
    }
}
