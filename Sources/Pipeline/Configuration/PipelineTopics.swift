/// The Kafka topics the pipeline reads and writes (DESIGN §1); names are configurable so that one
/// cluster can host several deployments.
package struct PipelineTopics: Sendable, Hashable {
    package var requests: String
    package var results: String
    package var savings: String
    package var alerts: String
    package var deadLetter: String

    package init(
        requests: String = "llm.requests", results: String = "llm.results", savings: String = "llm.savings",
        alerts: String = "llm.alerts", deadLetter: String = "llm.requests.dlq"
    ) {
        self.requests = requests
        self.results = results
        self.savings = savings
        self.alerts = alerts
        self.deadLetter = deadLetter
    }
}
