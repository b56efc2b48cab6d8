import Foundation

/// The intake benchmark's backlog: raw-mode request events of exactly ``recordSize`` bytes, keyed
/// by index (8 bytes big-endian, as ``Workload/key(_:)``), so the raw consumer can check every
/// record the way it does in the consume cases and murmur2 places them as ``Workload`` plans.
///
/// Each event is a chat request a document pipeline would send: one of eight shared instruction
/// texts as `system`, one of three models (so 24 buckets), four tenants, and a document of its own
/// padded to the size, plus metadata to echo. All are valid, so every record is journaled.
struct IntakeWorkload: Sendable {
    static let models = ["claude-haiku-4-5", "gpt-5-mini", "gemini-2.5-flash"]
    static let instructions = 8
    static let tenants = 4

    let workload: Workload

    /// 200,000 events of 2,200 bytes on 192 partitions (~2.5 MB each, half the mock's cap).
    static let standard = IntakeWorkload(
        workload: Workload(label: "2KB", recordSize: 2_200, records: 200_000, partitions: 192))

    /// Event `index`, exactly ``Workload/recordSize`` bytes of JSON.
    func event(_ index: Int) -> [UInt8] {
        let model = Self.models[index % Self.models.count]
        let instruction = (index / Self.models.count) % Self.instructions
        let system = Self.systemText(instruction)
        let head =
            #"{"id":"doc-\#(index)-classify","tenant":"tenant-\#(index % Self.tenants)","priority":"normal","#
            + #""metadata":{"document_id":"doc-\#(index)","pipeline":"bench"},"#
            + #""request":{"kind":"chat","model":"\#(model)","max_tokens":256,"system":"\#(system)","#
            + #""messages":[{"role":"user","content":"Document \#(index): "#
        let tail = #""}]}}"#
        let room = workload.recordSize - head.utf8.count - tail.utf8.count
        precondition(room > 0, "the event's fixed parts exceed \(workload.recordSize) bytes")
        var bytes = Array(head.utf8)
        bytes.reserveCapacity(workload.recordSize)
        // The document: words that vary with the index, so no two events are the same request.
        var word = UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        while bytes.count < head.utf8.count + room {
            word = word &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let letters = Int(word >> 60) % 7 + 2
            for shift in 0..<letters { bytes.append(UInt8(ascii: "a") + UInt8((word >> (UInt64(shift) * 5 + 8)) % 26)) }
            bytes.append(UInt8(ascii: " "))
        }
        bytes.removeLast(bytes.count - (head.utf8.count + room))
        bytes.append(contentsOf: Array(tail.utf8))
        return bytes
    }

    /// Shared instructions, ~700 bytes: the long part every request of a bucket has in common.
    static func systemText(_ instruction: Int) -> String {
        let base =
            "You are step \(instruction) of a document pipeline. Read the document and answer with one JSON object "
            + "that names its category, the parties it mentions, the dates it gives, and a one-sentence summary. "
        return String(repeating: base, count: 3)
    }
}
