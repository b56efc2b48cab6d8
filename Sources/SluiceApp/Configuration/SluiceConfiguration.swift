package import Foundation
package import Logging
package import Planning

/// Everything `sluice serve` is told: one value built from an optional YAML file (`SLUICE_CONFIG`)
/// with environment variables overriding it, validated as a whole before anything starts.
///
/// Provider base URLs and keys are not here: they stay with `ProviderEndpoint.fromEnvironment`, the
/// same variables the official SDKs read. README.md's "Configuration reference" lists every
/// setting with its variable, YAML key and default; `config/sluice.example.yaml` is a documented file.
package struct SluiceConfiguration: Sendable {
    /// Kafka connection and group membership.
    package var kafka: Kafka
    /// Topic names.
    package var topics: Topics
    /// `SLUICE_DATA_DIR` / `data_directory`: the journal, ledger and the kept group instance id live
    /// here; one per instance, on a persistent volume. Default `./sluice-data`.
    package var dataDirectory: URL
    /// `SLUICE_ADMIN_ADDR` / `admin_address`: the admin HTTP server; `nil` (`off`) disables it.
    /// Default `127.0.0.1:9090`.
    package var admin: AdminAddress?
    /// `SLUICE_BATCH_MAX_REQUESTS`, `SLUICE_BATCH_MAX_WAIT` and the `batching:` section.
    package var batching: FlushPolicy
    /// The `retries:` section.
    package var retries: Retries
    /// The `tasks:` map (name → template). Empty: raw-mode events only.
    package var tasks: [String: TaskTemplate]
    /// `SLUICE_PRICE_BOOK` / `prices_file`: a price file merged over the bundled book.
    package var priceBookOverride: URL?
    /// `SLUICE_CE_SOURCE` / `cloud_events_source`: `ce_source` of every output record. Default
    /// `urn:sluice:default`; give each deployment its own so (source, id) stays unique.
    package var cloudEventsSource: String
    /// The `alerts:` section.
    package var alerts: Alerts
    /// `SLUICE_LOG_LEVEL` / `log_level`. Default `info`.
    package var logLevel: Logger.Level
    /// `SLUICE_RESPONSE_CACHE_TTL` / `response_cache_ttl`: how long an answer serves identical
    /// requests (dedupe); `off` sends every request. Default 24 h.
    package var responseCacheTTL: Duration = .seconds(86_400)
    /// The `retention:` section (and `SLUICE_RETENTION_*`).
    package var retention = Retention()

    /// The defaults, with no file and no variables.
    package init(
        kafka: Kafka = Kafka(), topics: Topics = Topics(),
        dataDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sluice-data"),
        admin: AdminAddress? = .default, batching: FlushPolicy = FlushPolicy(), retries: Retries = Retries(),
        tasks: [String: TaskTemplate] = [:], priceBookOverride: URL? = nil, cloudEventsSource: String = "urn:sluice:default",
        alerts: Alerts = Alerts(), logLevel: Logger.Level = .info
    ) {
        self.kafka = kafka
        self.topics = topics
        self.dataDirectory = dataDirectory
        self.admin = admin
        self.batching = batching
        self.retries = retries
        self.tasks = tasks
        self.priceBookOverride = priceBookOverride
        self.cloudEventsSource = cloudEventsSource
        self.alerts = alerts
        self.logLevel = logLevel
    }
}
