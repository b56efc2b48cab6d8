import AsyncHTTPClient
import Emulator
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import Testing

@testable import Providers

/// A ~200 MB result file streamed with flat memory: the body is split into lines as it arrives and
/// no more than a line or two is ever held.
@Suite("Large result streaming", .serialized, .timeLimit(.minutes(1)))
struct LargeResultStreamingTests {
    /// Resident and peak resident memory of this process, from `/proc/self/status`.
    static func memory() throws -> (rss: Int, hwm: Int) {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func kilobytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "0") ?? 0
        }
        return (kilobytes("VmRSS") * 1024, kilobytes("VmHWM") * 1024)
    }

    /// Gives freed heap back to the kernel and resets the peak-RSS watermark
    /// (`echo 5 > /proc/self/clear_refs`), so the peak measured next is the streaming's own.
    static func resetPeak() throws {
        // glibc's malloc_trim is not in the Glibc module map; look it up (RTLD_DEFAULT is NULL).
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            typealias MallocTrim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// An OpenAI batch output file of `lines` chat completions of `textBytes` bytes of text each.
    static func outputFile(lines: Int, textBytes: Int) -> ByteBuffer {
        let words = "the data line item case note term rule part form page text file list name type "
        var text = String(repeating: words, count: textBytes / words.utf8.count + 1)
        text = String(text.utf8.prefix(textBytes))!
        var file = ByteBuffer()
        file.reserveCapacity(lines * (textBytes + 400))
        for index in 0..<lines {
            file.writeString(#"{"id":"batch_req_\#(index)","custom_id":"big-\#(index)","response":{"status_code":200,"request_id":"req_\#(index)","body":{"id":"chatcmpl-\#(index)","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":""#)
            file.writeString(text)
            file.writeString(#""},"finish_reason":"length"}],"usage":{"prompt_tokens":12,"completion_tokens":30000,"total_tokens":30012}}},"error":null}"#)
            file.writeString("\n")
        }
        return file
    }

    @Test func twoHundredMegabyteResultFileStreamsInBoundedMemory() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.openAI()
            let lines = 1_500
            let textBytes = 135_000
            // The file is built and uploaded, then every copy is released before measuring.
            var fileID = ""
            var fileBytes = 0
            do {
                let file = Self.outputFile(lines: lines, textBytes: textBytes)
                fileBytes = file.readableBytes
                fileID = try await client.uploadFile(file, filename: "output.jsonl", purpose: "user_data")
            }
            #expect(fileBytes > 200_000_000)
            var snapshot = BatchSnapshot(provider: .openai, id: "batch_big", state: .completed, providerStatus: "completed")
            snapshot.resultLocation = .openAI(outputFileID: fileID, errorFileID: nil)

            try Self.resetPeak()
            let before = try Self.memory()
            var items = 0
            var outputTokens = 0
            var text = 0
            for try await item in try client.results(of: snapshot) {
                let response = try #require(item.response)
                #expect(item.customID == "big-\(items)")
                items += 1
                outputTokens += response.usage.outputTokens
                text += response.text?.utf8.count ?? 0
            }
            let after = try Self.memory()
            #expect(items == lines)
            #expect(outputTokens == lines * 30_000)
            #expect(text == lines * textBytes)
            let growth = after.hwm - before.rss
            #expect(growth < 48 << 20, "peak RSS grew by \(growth >> 20) MiB while streaming \(fileBytes >> 20) MiB")

            // Control: the same measurement does see a client that collects the whole body.
            try Self.resetPeak()
            let controlBefore = try Self.memory()
            var whole = HTTPClientRequest(url: harness.emulator.openAIBaseURL.absoluteString + "/files/\(fileID)/content")
            whole.headers.add(name: "authorization", value: "Bearer \(EmulatorHarness.apiKey)")
            let response = try await harness.http.execute(whole, timeout: .seconds(30))
            let collected = try await response.body.collect(upTo: 400 << 20)
            let controlAfter = try Self.memory()
            #expect(collected.readableBytes == fileBytes)
            #expect(controlAfter.hwm - controlBefore.rss > fileBytes / 2, "the measurement would catch a buffering client")
        }
    }

    /// The same through a real emulated batch. The emulator generates its outputs at a few MB/s in
    /// a debug build, so this runs only when `SLUICE_LARGE_BATCH_ITEMS` asks for it (1500 items of
    /// 30k tokens is about 200 MB).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_LARGE_BATCH_ITEMS"] != nil))
    func largeEmulatedBatchStreamsInBoundedMemory() async throws {
        let count = Int(ProcessInfo.processInfo.environment["SLUICE_LARGE_BATCH_ITEMS"] ?? "") ?? 100
        // Below 50,000x so the 29-day result retention outlives the test.
        let configuration = EmulatorHarness.emulatorConfiguration(speedup: 20_000, outputLength: .maxTokens, workers: 32)
        try await EmulatorHarness.run(configuration, readTimeout: .seconds(60)) { harness in
            let client = try harness.anthropic()
            let requests = (0..<count).map { index in
                LLMRequest.chat(
                    customID: "big-\(index)",
                    model: "claude-sonnet-4-5",
                    messages: [.user("Write item \(index).")],
                    parameters: GenerationParameters(maxTokens: 30_000)
                )
            }
            let batch = try #require(client.prepareBatches(requests).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "big", notBefore: Date(), requestCount: count))
            let ended = try await waitForEnd(client, id: created.id, timeout: .seconds(55))
            try Self.resetPeak()
            let before = try Self.memory()
            var items = 0
            var text = 0
            for try await item in try client.results(of: ended) {
                items += 1
                text += item.response?.text?.utf8.count ?? 0
            }
            let after = try Self.memory()
            #expect(items == count)
            #expect(after.hwm - before.rss < 48 << 20, "peak RSS grew by \((after.hwm - before.rss) >> 20) MiB for \(text >> 20) MiB of text")
        }
    }
}
