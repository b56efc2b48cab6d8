import Foundation
import Planning

/// The steps of ``DemoWorkload/generate(seed:documentsPerTenant:now:)``, sharing one random stream.
struct DemoWorkloadBuilder {
    var random: DemoRandom
    let now: Date
    private var malformedSerial = 0
    /// Whether a keyless (CSV) record was produced yet.
    var sentKeyless = false

    init(seed: UInt64, now: Date) {
        random = DemoRandom(seed: seed)
        self.now = now
    }

    // MARK: - Valid records

    mutating func validRecords(tenant: String, documents: Int) -> [DemoRecord] {
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        var records: [DemoRecord] = []
        for index in 0..<documents {
            let kind = pickKind()
            // Log-uniform 420...4,600 target tokens, so most documents are short and a few are long;
            // the writer stops up to ~110 tokens short of its target, which keeps every document
            // within the 300...5,000 tokens the workload promises.
            let tokens = Int((420.0 * pow(4_600.0 / 420.0, random.unit())).rounded())
            let documentID = "doc-\(String(index + 1).leftPadded(to: 5))"
            let document = writer.write(kind, id: documentID, number: index + 1, targetCharacters: tokens * 4)
            let key = Data("\(tenant)/\(documentID)".utf8)
            var documentMetadata: [String: JSONValue]?
            if random.chance(0.5) {
                documentMetadata = ["title": .string(document.title), "type": .string(kind.rawValue), "language": .string("en")]
            }
            let planning = Document(id: documentID, text: document.text, metadata: documentMetadata)
            records.append(record(tenant: tenant, id: "\(documentID)/classify", task: DemoWorkload.TaskName.classify, document: planning, key: key))
            let extract = kind == .invoice || kind == .contract || (kind == .supportTicket && random.chance(0.5))
            if extract {
                records.append(record(tenant: tenant, id: "\(documentID)/extract", task: DemoWorkload.TaskName.extract, document: planning, key: key))
            }
            let summarize = kind == .contract || kind == .researchNote || (kind != .invoice && document.text.utf8.count > 6_000)
                || (kind == .invoice && random.chance(0.3))
            if summarize {
                records.append(record(tenant: tenant, id: "\(documentID)/summarize", task: DemoWorkload.TaskName.summarize, document: planning, key: key))
            }
            for (number, chunk) in Self.chunks(of: document.text, count: random.int(in: 1...3)).enumerated() {
                let chunkDocument = Document(id: "\(documentID)#\(number + 1)", text: chunk)
                records.append(record(
                    tenant: tenant, id: "\(documentID)/embed-\(number + 1)", task: DemoWorkload.TaskName.embed, document: chunkDocument, key: key))
            }
        }
        return records
    }

    private mutating func pickKind() -> DemoDocument.Kind {
        let roll = random.unit()
        if roll < 0.30 { return .invoice }
        if roll < 0.55 { return .contract }
        if roll < 0.80 { return .supportTicket }
        return .researchNote
    }

    /// Up to `count` short passages (about 100 to 400 tokens) cut at paragraph breaks: the pieces a
    /// retrieval index embeds.
    static func chunks(of text: String, count: Int) -> [String] {
        var chunks: [String] = []
        var current = ""
        for paragraph in text.components(separatedBy: "\n\n") {
            let trimmed = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let piece = String(trimmed.prefix(1_600))
            if !current.isEmpty && current.utf8.count + piece.utf8.count > 1_600 {
                chunks.append(current)
                current = ""
                if chunks.count == count { return chunks }
            }
            current += current.isEmpty ? piece : "\n\n" + piece
        }
        if !current.isEmpty && chunks.count < count {
            // A short closing paragraph (a signature line) is no passage of its own: it joins the
            // last one if that stays within a passage's length, and is left out otherwise.
            if current.utf8.count >= 200 || chunks.isEmpty {
                chunks.append(current)
            } else if let last = chunks.last, last.utf8.count + current.utf8.count + 2 <= 1_600 {
                chunks[chunks.count - 1] = last + "\n\n" + current
            }
        }
        return chunks
    }

    private mutating func record(tenant: String, id: String, task: String, document: Document, key: Data) -> DemoRecord {
        var priority: Priority?
        let roll = random.unit()
        if roll < 0.12 {
            priority = .low
        } else if roll < 0.20 {
            priority = .high
        } else if random.chance(0.4) {
            priority = .normal
        }
        var deadline: EventTimestamp?
        let deadlineRoll = random.unit()
        if deadlineRoll < 0.01 {
            deadline = EventTimestamp(now.addingTimeInterval(Double(random.int(in: 20...45) * 60)))  // too near for a batch
        } else if deadlineRoll < 0.05 {
            deadline = EventTimestamp(now.addingTimeInterval(Double(random.int(in: 3 * 60...8 * 60) * 60)))
        }
        var metadata: [String: JSONValue]?
        if random.chance(0.35) {
            metadata = [
                "source": .string(random.pick(["sftp-drop", "email-ingest", "api", "scanner-3"])),
                "ingest_batch": .string("ib-\(random.hex(8))"),
                "pages": .number(Decimal(random.int(in: 1...40))),
            ]
        }
        let event = RequestEvent(
            id: id, tenant: tenant, mode: .task(name: task, document: document), priority: priority, deadline: deadline, metadata: metadata)
        return DemoRecord(
            key: key, value: Self.encode(event), headers: headers(), kind: .valid, identity: DemoRequestIdentity(tenant: tenant, id: id),
            task: task)
    }

    private mutating func headers() -> [DemoRecord.Header] {
        var headers: [DemoRecord.Header] = []
        if random.chance(0.9) { headers.append(.init("content-type", "application/json")) }
        if random.chance(0.3) { headers.append(.init("traceparent", "00-\(random.hex(32))-\(random.hex(16))-01")) }
        return headers
    }

    static func encode(_ event: RequestEvent) -> Data {
        // Only a non-finite number can fail to encode, and the demo writes none.
        (try? event.encodedJSON()) ?? Data()
    }

    // MARK: - Order, duplicates, malformed

    /// Merges the tenants' streams as concurrent producers would: each keeps its own order.
    mutating func interleave(_ streams: [[DemoRecord]]) -> [DemoRecord] {
        var positions = [Int](repeating: 0, count: streams.count)
        var merged: [DemoRecord] = []
        merged.reserveCapacity(streams.reduce(0) { $0 + $1.count })
        while true {
            let open = streams.indices.filter { positions[$0] < streams[$0].count }
            guard !open.isEmpty else { return merged }
            let stream = open[random.below(open.count)]
            merged.append(streams[stream][positions[stream]])
            positions[stream] += 1
        }
    }

    /// Re-publishes about `share` of the valid records, byte for byte, some right after the
    /// original (a producer retry) and some much later (a replayed file).
    mutating func addDuplicates(to records: [DemoRecord], share: Double) -> [DemoRecord] {
        var result = records
        let count = max(1, Int((Double(records.count) * share).rounded()))
        var chosen = Set<Int>()
        while chosen.count < count { chosen.insert(random.below(records.count)) }
        for original in chosen.sorted(by: >) {
            var copy = records[original]
            copy.kind = .duplicate
            let position = random.chance(0.4)
                ? original + 1
                : random.int(in: (original + 1)...result.count)
            result.insert(copy, at: min(position, result.count))
        }
        return result
    }

    /// Mixes in about `share` malformed records, every ``DemoRecord/MalformedReason`` at least once.
    mutating func addMalformed(to records: [DemoRecord], share: Double) -> [DemoRecord] {
        var result = records
        let reasons = DemoRecord.MalformedReason.allCases
        let count = max(reasons.count, Int((Double(records.count) * share).rounded()))
        for index in 0..<count {
            let bad = malformed(reasons[index % reasons.count], tenant: random.pick(DemoWorkload.tenants))
            result.insert(bad, at: random.int(in: 0...result.count))
        }
        return result
    }

    private mutating func malformed(_ reason: DemoRecord.MalformedReason, tenant: String) -> DemoRecord {
        malformedSerial += 1
        let id = "bad-\(String(malformedSerial).leftPadded(to: 4))"
        let key = Data("\(tenant)/\(id)".utf8)
        let document = Document(id: id, text: "Scanned page with illegible text. Reference \(random.hex(6)).")
        let valid = RequestEvent(id: id, tenant: tenant, mode: .task(name: DemoWorkload.TaskName.classify, document: document))
        var record = DemoRecord(
            key: key, value: Data(), headers: [.init("content-type", "application/json")], kind: .malformed(reason),
            identity: DemoRequestIdentity(tenant: tenant, id: id), task: DemoWorkload.TaskName.classify)
        switch reason {
        case .notJSON:
            // A CSV export sent to the wrong topic, or a JSON body cut short by a buggy producer.
            // The first one always, so every workload carries a keyless record.
            if !sentKeyless || random.chance(0.5) {
                sentKeyless = true
                record.value = Data("tenant,id,task\n\(tenant),\(id),classify\n".utf8)
                record.key = nil
                record.headers = [.init("content-type", "text/csv")]
            } else {
                let bytes = Self.encode(valid)
                record.value = bytes.prefix(bytes.count / 2)
            }
            record.identity = nil
            record.task = nil
        case .missingTenant:
            record.value = Self.editing(valid) { _ = $0.removeValue(forKey: "tenant") }
            record.identity = nil
        case .unknownTask:
            let event = RequestEvent(id: id, tenant: tenant, mode: .task(name: "translate_to_klingon", document: document))
            record.value = Self.encode(event)
            record.task = "translate_to_klingon"
        case .badPriority:
            let priority = random.pick(["urgent", "HIGH", "p1"])
            record.value = Self.editing(valid) { $0["priority"] = priority }
        case .oversized:
            var metadata: [String: JSONValue] = [:]
            for field in 0..<80 { metadata["field_\(field)"] = .string("value \(field)") }
            let event = RequestEvent(
                id: id, tenant: tenant, mode: .task(name: DemoWorkload.TaskName.classify, document: Document(id: id, text: document.text, metadata: metadata)))
            record.value = Self.encode(event)
        }
        return record
    }

    /// The event's JSON with one edit applied, for breaking it in ways the typed event cannot express.
    private static func editing(_ event: RequestEvent, _ edit: (inout [String: Any]) -> Void) -> Data {
        guard var object = (try? JSONSerialization.jsonObject(with: encode(event))) as? [String: Any] else { return Data() }
        edit(&object)
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
