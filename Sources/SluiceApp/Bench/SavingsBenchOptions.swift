package import Logging
package import Providers

/// How `sluice bench savings` runs.
package struct SavingsBenchOptions: Sendable {
    /// Workloads to run, in order.
    package var workloads: [BenchWorkloadName] = BenchWorkloadName.allCases
    /// Providers to run each workload on (one pipeline run and emulator each).
    package var providers: [Provider] = Provider.allCases
    /// Fixes the workloads and the emulator.
    package var seed: UInt64 = 5
    /// Workload sizes.
    package var scale: BenchScale = .standard
    /// Emulated seconds per real second (as the demo: prompt caches expire on that clock too).
    package var speedup = 300.0
    /// Each workload's run gives up after this long.
    package var timeoutPerRun: Duration = .seconds(150)
    /// Requests the planning-time measurement plans; 0 skips it.
    package var planningRequests = 100_000
    package var logger = Logger(label: "sluice.bench")

    package init() {}
}

extension SavingsBenchOptions {
    /// Selects providers by name: `anthropic`, `openai`, `gemini` or `all`.
    /// - Returns: `false` for an unknown name (nothing changed).
    package mutating func selectProviders(_ name: String) -> Bool {
        if name == "all" {
            providers = Provider.allCases
            return true
        }
        guard let provider = Provider(rawValue: name) else { return false }
        providers = [provider]
        return true
    }
}
