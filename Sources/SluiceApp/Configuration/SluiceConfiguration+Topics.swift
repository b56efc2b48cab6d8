extension SluiceConfiguration {
    /// The topic names of DESIGN §1. Overridable so several deployments can share a cluster.
    package struct Topics: Sendable, Hashable {
        /// `SLUICE_TOPIC_REQUESTS` / `topics.requests`. Default `llm.requests`.
        package var requests: String
        /// `SLUICE_TOPIC_RESULTS` / `topics.results`. Default `llm.results`.
        package var results: String
        /// `SLUICE_TOPIC_SAVINGS` / `topics.savings`. Default `llm.savings`.
        package var savings: String
        /// `SLUICE_TOPIC_ALERTS` / `topics.alerts`. Default `llm.alerts`.
        package var alerts: String
        /// `SLUICE_TOPIC_DLQ` / `topics.dlq`. Default `llm.requests.dlq`.
        package var dlq: String

        package init(
            requests: String = "llm.requests", results: String = "llm.results", savings: String = "llm.savings",
            alerts: String = "llm.alerts", dlq: String = "llm.requests.dlq"
        ) {
            self.requests = requests
            self.results = results
            self.savings = savings
            self.alerts = alerts
            self.dlq = dlq
        }

        /// Every topic with its YAML key, in a stable order.
        var named: [(key: String, name: String)] {
            [("requests", requests), ("results", results), ("savings", savings), ("alerts", alerts), ("dlq", dlq)]
        }
    }
}
