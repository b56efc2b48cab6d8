import ArgumentParser
import Foundation
import Logging
import SluiceApp

/// `sluice serve`: the service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Sluice: consume llm.requests, batch through the providers, publish results and savings.",
        discussion: """
            Configured from the environment and an optional YAML file named by SLUICE_CONFIG (see the README's \
            configuration reference). Unset KAFKA_BROKERS runs an embedded mock broker. Provider base URLs and \
            keys come from ANTHROPIC_*, OPENAI_* and GEMINI_* variables. Drains and exits on SIGTERM or SIGINT.
            """
    )

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try SluiceConfiguration.load(environment: environment)
        var handler = StreamLogHandler.standardError(label: "sluice")
        handler.logLevel = configuration.logLevel
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "sluice")
        logger.logLevel = level
        try await ServeRunner.run(configuration: configuration, environment: environment, logger: logger)
    }
}
