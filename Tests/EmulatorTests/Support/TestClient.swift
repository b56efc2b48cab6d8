import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

@testable import Emulator

/// A response as the tests see it.
struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var json: JSONValue {
        get throws { try JSONValue.parse(body) }
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header.
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// HTTP methods the tests use.
enum Method: String {
    case GET, POST, DELETE, PATCH
}

/// A small HTTP client for talking to the emulator the way an SDK would.
struct TestClient {
    let baseURL: URL
    var headers: [(String, String)]

    static func anthropic(_ emulator: RunningEmulator, key: String = "test-key") -> TestClient {
        TestClient(baseURL: emulator.baseURL, headers: [("x-api-key", key), ("anthropic-version", "2023-06-01")])
    }

    static func openAI(_ emulator: RunningEmulator, key: String = "sk-test") -> TestClient {
        TestClient(baseURL: emulator.baseURL, headers: [("authorization", "Bearer \(key)")])
    }

    static func gemini(_ emulator: RunningEmulator, key: String = "gemini-key") -> TestClient {
        TestClient(baseURL: emulator.baseURL, headers: [("x-goog-api-key", key)])
    }

    func send(
        _ method: Method,
        _ path: String,
        json: JSONValue? = nil,
        body: [UInt8]? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = HTTPMethod(rawValue: method.rawValue)
        for (name, value) in headers + extra { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json.serialized()))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
        return TestResponse(
            status: Int(response.status.code), headers: response.headers,
            body: buffer.readBytes(length: buffer.readableBytes) ?? []
        )
    }

    func get(_ path: String) async throws -> TestResponse { try await send(.GET, path) }

    func post(_ path: String, _ json: JSONValue) async throws -> TestResponse { try await send(.POST, path, json: json) }

    /// Polls `path` until `done` says so (real time bounded by `timeout`).
    func poll(
        _ path: String,
        timeout: Duration = .seconds(20),
        until done: (JSONValue) -> Bool
    ) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let value = try await get(path).json
            if done(value) { return value }
            if ContinuousClock.now > deadline { throw TestFailure("timed out polling \(path): \(value.serializedString())") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// Walks a dotted path (`usage.cache_read_input_tokens`, `data.0.id`).
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".") {
            if let index = Int(component), case .array(let items)? = current {
                current = index < items.count ? items[index] : nil
            } else {
                current = current?[String(component)]
            }
        }
        return current
    }

    func int(_ path: String) -> Int? { at(path)?.intValue }
    func string(_ path: String) -> String? { at(path)?.stringValue }
}

/// JSONL lines of a body.
func jsonLines(_ bytes: [UInt8]) throws -> [JSONValue] {
    try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { try JSONValue.parse(String($0)) }
}

/// Text of roughly `tokens` emulator tokens (each "word " is one token).
func filler(tokens: Int, seed: Int = 0) -> String {
    TextGenerator.generate(tokens: tokens, seed: UInt64(seed) &+ 17)
}

/// A configuration for tests: a clock fast enough that simulated model time is milliseconds, slow
/// enough that real scheduling jitter under parallel tests stays far below cache TTLs (1 h is 18 s
/// real at 200×); no queue delay; a quiet logger.
func testConfiguration(
    speedup: Double = 200,
    workers: Int = 16,
    seed: UInt64 = 7,
    configure: (inout EmulatorConfiguration) -> Void = { _ in }
) -> EmulatorConfiguration {
    var configuration = EmulatorConfiguration(
        speedup: speedup, workers: workers, seed: seed, batchQueueDelay: 0,
        logger: Logger(label: "emulator-tests", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    configure(&configuration)
    return configuration
}
