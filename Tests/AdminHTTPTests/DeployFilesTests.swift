import Foundation
import Planning
import Testing
import Yams

/// The deployment files cannot be run here (no container engine, no cluster), so these check what
/// can be checked without one: every YAML parses, the settings use the exact names the service
/// reads, and the facts the service depends on (probes, ports, data directory, grace period,
/// static membership) are where they must be.
@Suite("deploy/ files", .timeLimit(.minutes(1)))
struct DeployFilesTests {
    static let deploy = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy")

    /// Every setting the service reads from its environment.
    static let knownSettings: Set<String> = [
        "KAFKA_BROKERS", "SLUICE_DATA_DIR", "SLUICE_ADMIN_ADDR", "SLUICE_CONFIG", "SLUICE_BATCH_MAX_REQUESTS",
        "SLUICE_BATCH_MAX_WAIT", "SLUICE_GROUP_ID", "SLUICE_GROUP_INSTANCE_ID", "SLUICE_TOPIC_REQUESTS",
        "SLUICE_TOPIC_RESULTS", "SLUICE_TOPIC_SAVINGS", "SLUICE_TOPIC_ALERTS", "SLUICE_TOPIC_DLQ", "SLUICE_LOG_LEVEL",
        "SLUICE_RETENTION_COMPLETED", "SLUICE_RETENTION_DEDUPE_WINDOW",
        "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "GEMINI_API_KEY",
        "GEMINI_BASE_URL",
    ]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: deploy.appendingPathComponent(path), encoding: .utf8)
    }

    static func yaml(_ path: String) throws -> [String: Any] {
        try #require(try Yams.load(yaml: text(path)) as? [String: Any], "\(path) is not a YAML mapping")
    }

    @Test("compose: KRaft Kafka for in-network clients, a topics job, sluice, and Prometheus")
    func compose() throws {
        let compose = try Self.yaml("compose/compose.yaml")
        let services = try #require(compose["services"] as? [String: Any])
        #expect(Set(services.keys) == ["kafka", "topics", "sluice", "prometheus"])

        let kafka = try #require(services["kafka"] as? [String: Any])
        let kafkaEnvironment = try #require(kafka["environment"] as? [String: Any])
        #expect((kafkaEnvironment["KAFKA_PROCESS_ROLES"] as? String)?.contains("controller") == true)
        #expect((kafkaEnvironment["KAFKA_ADVERTISED_LISTENERS"] as? String)?.contains("//kafka:9092") == true)
        #expect(kafkaEnvironment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] as? String == "false")

        let topics = try #require(services["topics"] as? [String: Any])
        #expect(topics["entrypoint"] as? [String] == ["sluice", "topics", "create", "--brokers", "kafka:9092"])

        let sluice = try #require(services["sluice"] as? [String: Any])
        let environment = try #require(sluice["environment"] as? [String: Any])
        #expect(Set(environment.keys).isSubset(of: Self.knownSettings), "\(Set(environment.keys).subtracting(Self.knownSettings))")
        #expect(environment["KAFKA_BROKERS"] as? String == "kafka:9092")
        #expect(environment["SLUICE_ADMIN_ADDR"] as? String == "0.0.0.0:9090")
        #expect(environment["ANTHROPIC_API_KEY"] as? String == "${ANTHROPIC_API_KEY:-}")
        #expect((sluice["ports"] as? [String])?.contains("9090:9090") == true)
        #expect((sluice["volumes"] as? [String])?.contains("sluice-data:/var/lib/sluice") == true)
        let dependsOn = try #require(sluice["depends_on"] as? [String: [String: String]])
        #expect(dependsOn["topics"]?["condition"] == "service_completed_successfully")

        let prometheus = try Self.yaml("compose/prometheus.yml")
        let job = try #require((prometheus["scrape_configs"] as? [[String: Any]])?.first)
        #expect(job["metrics_path"] as? String == "/metrics")
        let targets = (job["static_configs"] as? [[String: Any]])?.first?["targets"] as? [String]
        #expect(targets == ["sluice:9090"])

        // The config file it mounts loads as task templates.
        let config = try YAMLDecoder().decode([String: [String: TaskTemplate]].self, from: Self.text("compose/sluice.yaml"))
        #expect(config["tasks"]?["classify"]?.model == "claude-sonnet-4-5")
    }

    @Test("kubernetes: StatefulSet with a data claim, pod-name instance id, probes and a 60 s grace period")
    func kubernetes() throws {
        let statefulSet = try Self.yaml("kubernetes/statefulset.yaml")
        #expect(statefulSet["kind"] as? String == "StatefulSet")
        let spec = try #require(statefulSet["spec"] as? [String: Any])
        #expect(spec["serviceName"] as? String == "sluice")
        let claims = try #require(spec["volumeClaimTemplates"] as? [[String: Any]])
        #expect((claims.first?["metadata"] as? [String: Any])?["name"] as? String == "data")
        let podSpec = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(podSpec["terminationGracePeriodSeconds"] as? Int == 60)
        let container = try #require((podSpec["containers"] as? [[String: Any]])?.first)

        let environment = try #require(container["env"] as? [[String: Any]])
        let names = Set(environment.compactMap { $0["name"] as? String })
        #expect(names.isSubset(of: Self.knownSettings), "\(names.subtracting(Self.knownSettings))")
        let instanceID = try #require(environment.first { $0["name"] as? String == "SLUICE_GROUP_INSTANCE_ID" })
        let fieldRef = (instanceID["valueFrom"] as? [String: Any])?["fieldRef"] as? [String: Any]
        #expect(fieldRef?["fieldPath"] as? String == "metadata.name")
        let value = { (name: String) in environment.first { $0["name"] as? String == name }?["value"] as? String }
        #expect(value("SLUICE_DATA_DIR") == "/var/lib/sluice")
        #expect(value("SLUICE_ADMIN_ADDR") == "0.0.0.0:9090")
        #expect(value("SLUICE_CONFIG") == "/etc/sluice/sluice.yaml")
        for key in ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"] {
            let entry = environment.first { $0["name"] as? String == key }
            let secret = (entry?["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any]
            #expect(secret?["name"] as? String == "sluice-provider-keys", "\(key)")
        }

        let probePath = { (probe: String) in
            ((container[probe] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String
        }
        #expect(probePath("livenessProbe") == "/healthz")
        #expect(probePath("readinessProbe") == "/readyz")
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        #expect(mounts.contains { $0["name"] as? String == "data" && $0["mountPath"] as? String == "/var/lib/sluice" })
        #expect(mounts.contains { $0["name"] as? String == "config" && $0["mountPath"] as? String == "/etc/sluice" })

        let service = try Self.yaml("kubernetes/service.yaml")
        #expect((service["spec"] as? [String: Any])?["clusterIP"] as? String == "None")

        let configMap = try Self.yaml("kubernetes/configmap.yaml")
        let configText = try #require((configMap["data"] as? [String: String])?["sluice.yaml"])
        let config = try YAMLDecoder().decode([String: [String: TaskTemplate]].self, from: configText)
        #expect(config["tasks"]?["classify"]?.maxTokens == 64)

        let kustomization = try Self.yaml("kubernetes/kustomization.yaml")
        for resource in try #require(kustomization["resources"] as? [String]) {
            _ = try Self.yaml("kubernetes/\(resource)")
        }
    }

    @Test("systemd: exec unit with EnvironmentFile, StateDirectory, restart and a 60 s SIGTERM stop")
    func systemd() throws {
        var settings: [String: [String]] = [:]
        for line in try Self.text("systemd/sluice.service").split(separator: "\n") {
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            settings[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        #expect(settings["Type"] == ["exec"])
        #expect(settings["EnvironmentFile"] == ["/etc/sluice/sluice.env"])
        #expect(settings["StateDirectory"] == ["sluice"])
        #expect(settings["Restart"] == ["on-failure"])
        #expect(settings["KillSignal"] == ["SIGTERM"])
        #expect(settings["TimeoutStopSec"] == ["60"])
        #expect(settings["ExecStart"]?.first?.hasSuffix("sluice serve") == true)
        #expect(settings["NoNewPrivileges"] == ["yes"])
        #expect(settings["ProtectSystem"] == ["strict"])

        // Every variable the example sets or mentions is one the service reads.
        var mentioned: Set<String> = []
        for line in try Self.text("systemd/sluice.env").split(separator: "\n") {
            let assignment = line.hasPrefix("#") ? line.dropFirst() : line[...]
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            let name = assignment[..<equals]
            if !name.isEmpty, name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) {
                mentioned.insert(String(name))
            }
        }
        #expect(mentioned.isSubset(of: Self.knownSettings), "\(mentioned.subtracting(Self.knownSettings))")
        #expect(mentioned == Self.knownSettings)
    }

    @Test("Dockerfile: release build, noble runtime with the C libraries, sluice serve on a data volume")
    func dockerfile() throws {
        let dockerfile = try Self.text("docker/Dockerfile")
        #expect(dockerfile.contains("swift build -c release"))
        #expect(dockerfile.contains("ARG RUNTIME_IMAGE=ubuntu:noble"))
        for package in ["librdkafka1", "libsqlite3-0", "libcurl4"] { #expect(dockerfile.contains(package)) }
        #expect(dockerfile.contains(#"ENTRYPOINT ["sluice", "serve"]"#))
        #expect(dockerfile.contains(#"VOLUME ["/var/lib/sluice"]"#))
        #expect(dockerfile.contains("SLUICE_DATA_DIR=/var/lib/sluice"))
        #expect(dockerfile.contains("SLUICE_ADMIN_ADDR=0.0.0.0:9090"))
    }
}
