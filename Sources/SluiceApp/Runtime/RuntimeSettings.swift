package import Foundation
package import Pipeline
package import Planning
package import Providers
package import StateStore

/// Everything one running instance needs, resolved: `sluice serve` fills it from the environment
/// and `SLUICE_CONFIG`, `sluice demo` and the end-to-end tests from their own choices.
package struct RuntimeSettings: Sendable {
    package var bootstrapServers: String
    package var groupID: String
    /// Static membership (DESIGN §4): a restarted instance takes its partitions straight back.
    package var groupInstanceID: String?
    package var sessionTimeout: Duration
    /// librdkafka properties applied to the consumer and the producer.
    package var kafkaProperties: [String: String]
    package var consumerProperties: [String: String]
    package var dataDirectory: URL
    package var durability: StateStore.Durability
    package var pipeline: PipelineConfiguration
    package var tasks: [String: TaskTemplate]
    package var priceBook: PriceBook

    package init(
        bootstrapServers: String, groupID: String = "sluice", groupInstanceID: String? = nil,
        sessionTimeout: Duration = .seconds(45), kafkaProperties: [String: String] = [:],
        consumerProperties: [String: String] = [:], dataDirectory: URL, durability: StateStore.Durability = .full,
        pipeline: PipelineConfiguration = PipelineConfiguration(), tasks: [String: TaskTemplate] = [:],
        priceBook: PriceBook
    ) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
        self.groupInstanceID = groupInstanceID
        self.sessionTimeout = sessionTimeout
        self.kafkaProperties = kafkaProperties
        self.consumerProperties = consumerProperties
        self.dataDirectory = dataDirectory
        self.durability = durability
        self.pipeline = pipeline
        self.tasks = tasks
        self.priceBook = priceBook
    }
}
