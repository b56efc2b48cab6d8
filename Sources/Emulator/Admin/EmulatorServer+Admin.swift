import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension EmulatorServer {
    /// `/_emulator/…`: the ledger, faults and clock, for tests and operators.
    ///
    /// - `GET /_emulator/health` → `{"status":"ok"}`
    /// - `GET /_emulator/ledger` → the ledger snapshot
    /// - `GET|POST /_emulator/faults` → read or replace the faults (`EmulatorFaults` JSON)
    /// - `GET /_emulator/clock` → `{"now": RFC 3339, "speedup": x}`
    /// - `POST /_emulator/clock/advance` with `{"seconds": n}` → jump the emulated clock
    func handleAdmin(_ request: inout EmulatorRequest) async -> Response {
        let route = Array(request.segments.dropFirst())
        do {
            switch (request.method, route) {
            case (.get, ["health"]):
                return Reply.json(["status": "ok"])
            case (.get, ["ledger"]):
                return try Self.encoded(ledger())
            case (.get, ["faults"]):
                return try Self.encoded(faults)
            case (.post, ["faults"]), (.put, ["faults"]):
                let bytes = try await request.body(limit: 1 << 20, tooLargeMessage: "too large")
                let faults = try JSONDecoder().decode(EmulatorFaults.self, from: Data(bytes))
                setFaults(faults)
                core.logger.info("emulator faults changed", metadata: ["emulator.faults": "\(faults)"])
                return try Self.encoded(faults)
            case (.get, ["clock"]):
                return Reply.json([
                    "now": .string(Timestamps.rfc3339(clock.now)), "speedup": .double(clock.speedup),
                ])
            case (.post, ["clock", "advance"]):
                let body = try await request.jsonBody(limit: 1 << 16, tooLargeMessage: "too large")
                guard let seconds = body["seconds"]?.doubleValue, seconds >= 0 else {
                    return Reply.json(["error": "seconds must be a non-negative number"], status: .badRequest)
                }
                clock.advance(by: seconds)
                return Reply.json(["now": .string(Timestamps.rfc3339(clock.now))])
            default:
                return Reply.json(["error": .string("no emulator route \(request.method) \(request.path)")], status: .notFound)
            }
        } catch {
            return Reply.json(["error": .string("\(error)")], status: .badRequest)
        }
    }

    static func encoded(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(data))))
    }
}
