import Foundation
import Pipeline
import ServiceLifecycle
import SluiceApp
import StateStore
import Testing

/// A full disk pauses the intake with the chunk in hand; once space returns it journals that
/// chunk and the requests go all the way, nothing lost and nothing crashed (DESIGN §7).
@Suite("Intake on a full disk", .timeLimit(.minutes(2)))
struct DiskFullIntakeTests {
    @Test("the intake pauses while the database is capped and resumes, losing nothing, when the cap is raised")
    func pausesAndResumes() async throws {
        try await PipelineRig.with(speedup: 300, seed: 31) { rig in
            let runtime = try await SluiceRuntime.make(
                settings: try rig.settings(PipelineRig.pipeline()), clients: rig.clients, logger: rig.logger)
            // No room to grow: requests this long need new pages.
            try await runtime.store.setPageLimit(try await runtime.store.pageCount())
            let ids = try await rig.publishRequests(3) { "Note \($0) " + String(repeating: "lorem ipsum ", count: 1_000) }
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { [logger = rig.logger] in try await ServiceGroup(services: runtime.services, logger: logger).run() }
                func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
                    let deadline = ContinuousClock.now + .seconds(30)
                    while try await !condition() {
                        guard ContinuousClock.now < deadline else { throw RigTimeout(description: "\(what) not within 30 s") }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                try await waitFor("pause") { runtime.pipeline.counters.snapshot.intakePausedDiskFull }
                #expect(runtime.pipeline.counters.snapshot.journaled == 0)
                #expect(try await runtime.store.request(tenant: "t", id: ids[0]) == nil)

                try await runtime.store.setPageLimit(nil)
                try await waitFor("every request answered") {
                    try await runtime.store.requestCounts()[.completed] == ids.count
                }
                let counters = runtime.pipeline.counters.snapshot
                #expect(!counters.intakePausedDiskFull && counters.diskFullRetries >= 1)
                #expect(counters.journaled == ids.count && counters.eventsIn == ids.count)
                tasks.cancelAll()
                _ = try? await tasks.next()
            }
            try await runtime.store.close()
        }
    }
}
