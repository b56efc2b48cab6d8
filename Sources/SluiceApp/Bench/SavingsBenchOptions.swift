package import Foundation
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
    /// Emulated seconds per real second. Prompt caches expire on that clock, while the pipeline's
    /// poll and flush loops run on the real one (0.2 to 1 s here): at 60x those loops take 12 to
    /// 60 emulated seconds, as the service's defaults (5 to 60 s polls) do against real providers.
    /// The demo's 300x makes each real second of pipeline latency 5 emulated minutes, a whole
    /// OpenAI or Gemini cache lifetime, which judges a debug build by its slowness.
    package var speedup = 60.0
    /// Each workload's run gives up after this long.
    package var timeoutPerRun: Duration = .seconds(150)
    /// Requests the planning-time measurement plans; 0 skips it.
    package var planningRequests = 100_000
    /// When set, each run's emulator ledger is written here as `WORKLOAD-PROVIDER.ledger.json`,
    /// so that a figure can be audited request by request (cache reads and writes per item).
    package var ledgerDirectory: URL?
    /// The request shape the planning-time measurement plans: the document mix, or single-block
    /// requests (which exercise block splitting).
    package var planningWorkload: BenchWorkloadName = .documentMix
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
