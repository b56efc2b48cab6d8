import ArgumentParser

/// The `sluice` command line: the service, the demo, and the parts on their own.
@main
struct Sluice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Kafka in, provider batches with prompt caching out, exactly-once savings.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, EstimateCommand.self, BenchCommand.self, BrokerCommand.self, TopicsCommand.self,
            EmulatorCommand.self,
        ]
    )
}
