import AsyncHTTPClient
import Emulator
import Foundation
import Glibc
import Logging
import NIOCore
import NIOHTTP1
import Testing

@testable import Providers

/// A ~200 MB result file streamed with flat memory: the body is split into lines as it arrives and
/// no more than a line or two is ever held.
///
/// Peak RSS is process-wide, and every test of the package runs in this process, so the
/// streaming is measured in a child process: the test binary re-runs itself with a filter that
/// selects only ``childStreamsTheFileAndReportsMemory()``, pointed at the emulator running here.
@Suite("Large result streaming", .serialized, .timeLimit(.minutes(1)))
struct LargeResultStreamingTests {
    static let childEnvironment = "SLUICE_TEST_STREAM_CHILD"

    /// What the child measured.
    struct Report: Codable {
        var items: Int
        var outputTokens: Int
        var textBytes: Int
        var fileBytes: Int
        /// Peak RSS during streaming minus RSS before it.
        var growth: Int
        /// The same measurement around a client that collects the whole body.
        var controlGrowth: Int
    }

    /// What the parent tells the child.
    struct Assignment: Codable {
        var anthropicBaseURL: String
        var apiKey: String
        var batchID: String
        var report: String
    }

    // MARK: - Memory

    /// Resident and peak resident memory of this process, from `/proc/self/status`.
    static func memory() throws -> (rss: Int, hwm: Int) {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func kilobytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "0") ?? 0
        }
        return (kilobytes("VmRSS") * 1024, kilobytes("VmHWM") * 1024)
    }

    /// Pins glibc's mmap threshold at 64 KiB (it rises to 32 MiB after large frees), so
    /// line-sized buffers are unmapped when freed instead of lingering in per-thread arenas: RSS
    /// then tracks live memory, not allocator retention.
    static func pinMmapThreshold() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 64 * 1024)
    }

    /// Gives freed heap back to the kernel and resets the peak-RSS watermark
    /// (`echo 5 > /proc/self/clear_refs`), so the peak measured next is what follows.
    static func resetPeak() throws {
        // glibc's malloc_trim is not in the Glibc module map; look it up (RTLD_DEFAULT is NULL).
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            typealias MallocTrim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    // MARK: - Parent

    static let items = 800
    static let maxTokens = 60_000

    /// Runs a real emulated Anthropic batch whose results file is about 200 MB (800 answers of
    /// 60k tokens), then has a child process stream it.
    @Test func twoHundredMegabyteResultFileStreamsInBoundedMemory() async throws {
        // Below 50,000x so the 29-day result retention outlives the test.
        let configuration = EmulatorHarness.emulatorConfiguration(speedup: 20_000, outputLength: .maxTokens, workers: 32)
        try await EmulatorHarness.run(configuration, readTimeout: .seconds(30)) { harness in
            let client = try harness.anthropic()
            let requests = (0..<Self.items).map { index in
                LLMRequest.chat(
                    customID: "big-\(index)",
                    model: "claude-sonnet-4-5",
                    messages: [.user("Write item \(index).")],
                    parameters: GenerationParameters(maxTokens: Self.maxTokens)
                )
            }
            let batch = try #require(client.prepareBatches(requests).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "big", notBefore: Date(), requestCount: Self.items))
            let ended = try await waitForEnd(client, id: created.id, timeout: .seconds(40))
            #expect(ended.counts.succeeded == Self.items)

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let assignment = Assignment(
                anthropicBaseURL: harness.emulator.baseURL.absoluteString,
                apiKey: EmulatorHarness.apiKey,
                batchID: created.id,
                report: directory.appendingPathComponent("report.json").path
            )
            let output = directory.appendingPathComponent("child.log")
            let status = try await Self.runChild(assignment, output: output)
            let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            #expect(status == 0, "child failed:\n\(log.suffix(3000))")
            let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: assignment.report)))
            #expect(report.items == Self.items)
            #expect(report.outputTokens == Self.items * Self.maxTokens)
            #expect(report.fileBytes > 190_000_000, "the results file is about 200 MB (\(report.fileBytes) bytes)")
            #expect(report.textBytes > report.fileBytes * 9 / 10, "almost all of it is output text")
            #expect(report.growth < 48 << 20, "peak RSS grew by \(report.growth >> 20) MiB while streaming \(report.fileBytes >> 20) MiB")
            #expect(report.controlGrowth > report.fileBytes / 2, "the measurement would catch a buffering client (\(report.controlGrowth >> 20) MiB)")
        }
    }

    /// Runs this test binary again with only the child test selected; returns its exit status.
    static func runChild(_ assignment: Assignment, output: URL) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "LargeResultStreamingTests/childStreamsTheFileAndReportsMemory"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childEnvironment] = String(decoding: try JSONEncoder().encode(assignment), as: UTF8.self)
        process.environment = environment
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    // MARK: - Child

    /// The streaming itself, in a process of its own (selected by the parent's filter).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[LargeResultStreamingTests.childEnvironment] != nil))
    func childStreamsTheFileAndReportsMemory() async throws {
        let raw = try #require(ProcessInfo.processInfo.environment[Self.childEnvironment])
        let assignment = try JSONDecoder().decode(Assignment.self, from: Data(raw.utf8))
        Self.pinMmapThreshold()
        try await HTTPClient.withHTTPClient(configuration: .sluiceProviders(readTimeout: .seconds(30))) { http in
            let client = AnthropicClient(
                endpoint: try ProviderEndpoint(provider: .anthropic, baseURL: assignment.anthropicBaseURL, apiKey: APIKey(assignment.apiKey)),
                httpClient: http,
                configuration: EmulatorHarness.configuration(),
                logger: Logger(label: "stream-child", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            let snapshot = try await client.retrieveBatch(id: assignment.batchID)
            guard case .anthropic(let resultsURL) = snapshot.resultLocation else {
                Issue.record("batch \(assignment.batchID) has no results")
                return
            }

            try Self.resetPeak()
            let before = try Self.memory()
            var report = Report(items: 0, outputTokens: 0, textBytes: 0, fileBytes: 0, growth: 0, controlGrowth: 0)
            for try await item in try client.results(of: snapshot) {
                let response = try #require(item.response)
                report.items += 1
                report.outputTokens += response.usage.outputTokens
                report.textBytes += response.text?.utf8.count ?? 0
            }
            report.growth = try Self.memory().hwm - before.rss

            // Control: the same measurement around a client that collects the whole body.
            try Self.resetPeak()
            let controlBefore = try Self.memory()
            var whole = HTTPClientRequest(url: resultsURL)
            whole.headers.add(name: "x-api-key", value: assignment.apiKey)
            whole.headers.add(name: "anthropic-version", value: "2023-06-01")
            let response = try await http.execute(whole, timeout: .seconds(30))
            let collected = try await response.body.collect(upTo: 400 << 20)
            report.controlGrowth = try Self.memory().hwm - controlBefore.rss
            report.fileBytes = collected.readableBytes
            try JSONEncoder().encode(report).write(to: URL(fileURLWithPath: assignment.report))
        }
    }
}
