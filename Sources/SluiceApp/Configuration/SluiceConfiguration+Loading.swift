package import Foundation
import Planning
import Providers

extension SluiceConfiguration {
    /// Reads `SLUICE_CONFIG` (if set), applies the environment over it, and checks every task
    /// against the price book (bundled, plus `SLUICE_PRICE_BOOK` / `prices_file`).
    ///
    /// Relative paths in the file are taken from the file's folder; relative paths in variables,
    /// from the working directory.
    /// - Throws: ``SluiceConfigurationError`` naming the key or variable and the bad value.
    package static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SluiceConfiguration {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var configuration: SluiceConfiguration
        if let path = environment["SLUICE_CONFIG"], !path.isEmpty {
            let file = try ConfigValue.path(path, key: "SLUICE_CONFIG", relativeTo: workingDirectory)
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw SluiceConfigurationError(.unreadableFile, key: "SLUICE_CONFIG", "cannot read '\(file.path)': \(error.localizedDescription)")
            }
            configuration = try SluiceConfiguration(
                yaml: text, environment: environment, origin: file.lastPathComponent, baseDirectory: file.deletingLastPathComponent())
        } else {
            configuration = try SluiceConfiguration(yaml: nil, environment: environment)
        }
        let priceBook: PriceBook
        do {
            priceBook = try PriceBook.load(overrideFile: configuration.priceBookOverride)
        } catch {
            throw SluiceConfigurationError(
                .unreadableFile, key: environment["SLUICE_PRICE_BOOK"].map { _ in "SLUICE_PRICE_BOOK" } ?? "prices_file",
                "cannot load the price book: \(error)")
        }
        try configuration.validateTasks(against: priceBook)
        return configuration
    }

    static let topLevelKeys: Set<String> = [
        "kafka", "topics", "data_directory", "admin_address", "batching", "retries", "tasks", "prices_file",
        "cloud_events_source", "alerts", "log_level", "response_cache_ttl", "retention",
    ]

    /// Builds the configuration from YAML text (or none) and the environment; tests call this directly.
    ///
    /// - Parameters:
    ///   - yaml: the file's text; `nil` or empty for defaults.
    ///   - environment: variables; an empty value counts as unset.
    ///   - origin: the file name, for error messages.
    ///   - baseDirectory: where relative paths in the YAML start (default: the working directory).
    /// - Throws: ``SluiceConfigurationError``.
    package init(
        yaml: String?, environment: [String: String], origin: String = "config", baseDirectory: URL? = nil
    ) throws {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let base = baseDirectory ?? workingDirectory
        var root: ConfigNode?
        if let yaml { root = try ConfigNode.parse(yaml, origin: origin) }
        let top = try root?.mapping(allowing: Self.topLevelKeys) ?? [:]
        let settings = Settings(environment: environment)
        self.init()

        // Kafka
        let kafkaYAML = try top["kafka"]?.mapping(allowing: [
            "brokers", "group_id", "group_instance_id", "static_membership", "session_timeout", "properties",
        ]) ?? [:]
        if case let (text, key)? = try settings.value(kafkaYAML["brokers"], env: "KAFKA_BROKERS") {
            kafka.brokers = try Self.brokers(text, key: key)
        }
        if case let (text, key)? = try settings.value(kafkaYAML["group_id"], env: "SLUICE_GROUP_ID") {
            kafka.groupID = try ConfigValue.nonEmpty(text, key: key)
        }
        if case let (text, key)? = try settings.value(kafkaYAML["static_membership"]) {
            kafka.staticMembership = try ConfigValue.boolean(text, key: key)
        }
        if case let (text, key)? = try settings.value(kafkaYAML["group_instance_id"], env: "SLUICE_GROUP_INSTANCE_ID") {
            if ConfigValue.isOff(text) {
                kafka.staticMembership = false
            } else {
                kafka.groupInstanceID = try Self.groupInstanceID(text, key: key)
                kafka.staticMembership = true
            }
        }
        kafka.sessionTimeout = Kafka.defaultSessionTimeout(staticMembership: kafka.staticMembership)
        if case let (text, key)? = try settings.value(kafkaYAML["session_timeout"]) {
            let timeout = try ConfigValue.duration(text, key: key)
            // The broker's group.min/max.session.timeout.ms defaults; outside them JoinGroup fails.
            guard timeout >= .seconds(6), timeout <= .seconds(1_800) else {
                throw SluiceConfigurationError.invalid(key, text, expected: "between 6s and 30m (the broker's default session timeout bounds)")
            }
            kafka.sessionTimeout = timeout
        }
        for (name, node) in try kafkaYAML["properties"]?.freeMapping() ?? [:] {
            if let owner = Kafka.reservedProperties[name] {
                throw SluiceConfigurationError(.invalidValue, key: node.key, "is set by \(owner), not by kafka.properties")
            }
            kafka.properties[name] = try node.scalarText()
        }

        // Topics
        let topicsYAML = try top["topics"]?.mapping(allowing: ["requests", "results", "savings", "alerts", "dlq"]) ?? [:]
        func topic(_ name: String, _ variable: String) throws(SluiceConfigurationError) -> String? {
            guard case let (text, key)? = try settings.value(topicsYAML[name], env: variable) else { return nil }
            return try ConfigValue.topicName(text, key: key)
        }
        if let name = try topic("requests", "SLUICE_TOPIC_REQUESTS") { topics.requests = name }
        if let name = try topic("results", "SLUICE_TOPIC_RESULTS") { topics.results = name }
        if let name = try topic("savings", "SLUICE_TOPIC_SAVINGS") { topics.savings = name }
        if let name = try topic("alerts", "SLUICE_TOPIC_ALERTS") { topics.alerts = name }
        if let name = try topic("dlq", "SLUICE_TOPIC_DLQ") { topics.dlq = name }
        var seen: [String: String] = [:]
        for (key, name) in topics.named {
            if let other = seen[name] {
                throw SluiceConfigurationError(.invalidValue, key: "topics.\(key)", "'\(name)' is also the \(other) topic; every topic must differ")
            }
            seen[name] = key
        }

        // Paths and plain values
        if case let (text, key)? = try settings.value(top["data_directory"], env: "SLUICE_DATA_DIR") {
            dataDirectory = try ConfigValue.path(text, key: key, relativeTo: key == "SLUICE_DATA_DIR" ? workingDirectory : base)
        }
        if case let (text, key)? = try settings.value(top["admin_address"], env: "SLUICE_ADMIN_ADDR") {
            admin = try AdminAddress.parse(text, key: key)
        }
        if case let (text, key)? = try settings.value(top["prices_file"], env: "SLUICE_PRICE_BOOK") {
            priceBookOverride = try ConfigValue.path(text, key: key, relativeTo: key == "SLUICE_PRICE_BOOK" ? workingDirectory : base)
        }
        if case let (text, key)? = try settings.value(top["cloud_events_source"], env: "SLUICE_CE_SOURCE") {
            let source = try ConfigValue.nonEmpty(text, key: key)
            guard !source.contains(where: \.isWhitespace) else {
                throw SluiceConfigurationError.invalid(key, text, expected: "a URI reference without spaces, e.g. urn:sluice:prod-eu")
            }
            cloudEventsSource = source
        }
        if case let (text, key)? = try settings.value(top["response_cache_ttl"], env: "SLUICE_RESPONSE_CACHE_TTL") {
            responseCacheTTL = try ConfigValue.optionalDuration(text, key: key) ?? .zero
        }
        if case let (text, key)? = try settings.value(top["log_level"], env: "SLUICE_LOG_LEVEL") {
            logLevel = try ConfigValue.logLevel(text, key: key)
        }

        batching = try Self.batching(top["batching"], settings: settings)
        retries = try Self.retries(top["retries"], settings: settings)
        alerts = try Self.alerts(top["alerts"], settings: settings)
        retention = try Self.retention(top["retention"], settings: settings)
        tasks = try Self.tasks(top["tasks"])
    }

    // MARK: - Sections

    private static func batching(_ node: ConfigNode?, settings: Settings) throws(SluiceConfigurationError) -> FlushPolicy {
        let yaml = try node?.mapping(allowing: [
            "max_requests", "max_bytes", "max_wait", "high_priority_max_wait", "expected_turnaround", "realtime_after",
            "low_priority_window", "low_priority_max_wait",
        ]) ?? [:]
        var policy = FlushPolicy()
        if case let (text, key)? = try settings.value(yaml["max_requests"], env: "SLUICE_BATCH_MAX_REQUESTS") {
            // No provider takes more than 100 000 requests in one batch; smaller provider ceilings
            // (OpenAI's 50 000) still split further when the batch is prepared.
            policy.maxRequests = try ConfigValue.integer(text, key: key, in: 1...100_000)
        }
        if case let (text, key)? = try settings.value(yaml["max_bytes"]) {
            policy.maxBytes = try ConfigValue.integer(text, key: key, in: 1_024...Int.max)
        }
        if case let (text, key)? = try settings.value(yaml["max_wait"], env: "SLUICE_BATCH_MAX_WAIT") {
            policy.maxWait = try ConfigValue.duration(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["high_priority_max_wait"]) {
            policy.highPriorityMaxWait = try ConfigValue.duration(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["expected_turnaround"]) {
            policy.expectedTurnaround = try ConfigValue.duration(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["realtime_after"]) {
            policy.realtimeAfter = try ConfigValue.optionalDuration(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["low_priority_window"]) {
            if !ConfigValue.isOff(text) {
                guard let window = DailyWindow(parsing: text) else {
                    throw SluiceConfigurationError.invalid(key, text, expected: "HH:MM-HH:MM in UTC, e.g. 22:00-04:00, or off")
                }
                policy.lowPriorityWindow = window
            }
        }
        if case let (text, key)? = try settings.value(yaml["low_priority_max_wait"]) {
            policy.lowPriorityMaxWait = try ConfigValue.duration(text, key: key)
        }
        return policy
    }

    private static func retries(_ node: ConfigNode?, settings: Settings) throws(SluiceConfigurationError) -> Retries {
        let yaml = try node?.mapping(allowing: ["max_batch_attempts", "max_realtime_attempts", "poll_interval_min", "poll_interval_max"]) ?? [:]
        var retries = Retries()
        if case let (text, key)? = try settings.value(yaml["max_batch_attempts"]) {
            retries.maxBatchAttempts = try ConfigValue.integer(text, key: key, in: 1...100)
        }
        if case let (text, key)? = try settings.value(yaml["max_realtime_attempts"]) {
            retries.maxRealtimeAttempts = try ConfigValue.integer(text, key: key, in: 0...100)
        }
        if case let (text, key)? = try settings.value(yaml["poll_interval_min"]) {
            retries.pollIntervalMin = try ConfigValue.duration(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["poll_interval_max"]) {
            retries.pollIntervalMax = try ConfigValue.duration(text, key: key)
        }
        if retries.pollIntervalMin > retries.pollIntervalMax {
            throw SluiceConfigurationError(
                .invalidValue, key: yaml["poll_interval_min"]?.key ?? "retries.poll_interval_min",
                "(\(retries.pollIntervalMin)) must not exceed retries.poll_interval_max (\(retries.pollIntervalMax))")
        }
        return retries
    }

    private static func alerts(_ node: ConfigNode?, settings: Settings) throws(SluiceConfigurationError) -> Alerts {
        let yaml = try node?.mapping(allowing: ["failure_rate", "stale_batch_after", "backlog_requests", "low_cache_hit_ratio", "window"]) ?? [:]
        var alerts = Alerts()
        if case let (text, key)? = try settings.value(yaml["failure_rate"]) {
            alerts.failureRate = ConfigValue.isOff(text) ? nil : try ConfigValue.ratio(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["stale_batch_after"]) {
            alerts.staleBatchAfter = try ConfigValue.optionalDuration(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["backlog_requests"]) {
            alerts.backlogRequests = ConfigValue.isOff(text) ? nil : try ConfigValue.integer(text, key: key, in: 1...Int.max)
        }
        if case let (text, key)? = try settings.value(yaml["low_cache_hit_ratio"]) {
            alerts.lowCacheHitRatio = ConfigValue.isOff(text) ? nil : try ConfigValue.ratio(text, key: key)
        }
        if case let (text, key)? = try settings.value(yaml["window"]) {
            alerts.window = try ConfigValue.duration(text, key: key)
        }
        return alerts
    }

    private static func retention(_ node: ConfigNode?, settings: Settings) throws(SluiceConfigurationError) -> Retention {
        let yaml = try node?.mapping(allowing: ["completed", "dedupe_window"]) ?? [:]
        var retention = Retention()
        if case let (text, key)? = try settings.value(yaml["completed"], env: "SLUICE_RETENTION_COMPLETED") {
            retention.completed = try ConfigValue.duration(text, key: key)
        }
        var dedupeSetting = (text: "7d", key: "retention.dedupe_window")
        if case let (text, key)? = try settings.value(yaml["dedupe_window"], env: "SLUICE_RETENTION_DEDUPE_WINDOW") {
            retention.dedupeWindow = try ConfigValue.duration(text, key: key)
            dedupeSetting = (text, key)
        }
        // The key row must outlive the blobs: a re-delivery is a duplicate for as long as
        // anything of the request is kept.
        if retention.dedupeWindow < retention.completed {
            throw SluiceConfigurationError.invalid(
                dedupeSetting.key, dedupeSetting.text, expected: "a duration no shorter than retention.completed")
        }
        return retention
    }

    // MARK: - Values

    /// `host:port[,host:port...]`, optionally with a `scheme://` per entry as librdkafka allows.
    private static func brokers(_ text: String, key: String) throws(SluiceConfigurationError) -> String {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for entry in entries {
            let address = entry.range(of: "://").map { String(entry[$0.upperBound...]) } ?? entry
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                  (1...65_535).contains(port), colon != address.startIndex, !address.contains(where: \.isWhitespace)
            else {
                throw SluiceConfigurationError.invalid(key, text, expected: "host:port[,host:port...], e.g. kafka-1:9092,kafka-2:9092 (unset for the embedded broker)")
            }
        }
        return entries.joined(separator: ",")
    }

    /// Kafka checks `group.instance.id` like a topic name: 1 to 249 of letters, digits, `.`, `_`, `-`.
    static func groupInstanceID(_ text: String, key: String) throws(SluiceConfigurationError) -> String {
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed = id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
        guard allowed, (1...249).contains(id.count), id != ".", id != ".." else {
            throw SluiceConfigurationError.invalid(key, text, expected: "1 to 249 letters, digits, '.', '_' or '-' (e.g. the pod name), or off")
        }
        return id
    }
}

/// Finds a setting's text: the environment variable if set and non-empty, else the YAML value;
/// YAML null means "not set" (the default applies).
struct Settings {
    let environment: [String: String]

    func value(_ node: ConfigNode?, env variable: String? = nil) throws(SluiceConfigurationError) -> (text: String, key: String)? {
        if let variable, let value = environment[variable], !value.trimmingCharacters(in: .whitespaces).isEmpty {
            return (value, variable)
        }
        guard let node, !node.isNull else { return nil }
        return (try node.scalarText(), node.key)
    }
}
