import Foundation
import Planning
import Providers

/// The steps of ``BenchWorkload/generate(_:providers:seed:scale:)``, sharing one random stream.
struct BenchWorkloadBuilder {
    var random: DemoRandom

    init(seed: UInt64) {
        random = DemoRandom(seed: seed)
    }

    /// Target prefix sizes of the document mix's three tasks, in characters (about 4 a token):
    /// classify is the demo's taxonomy (about 2k tokens), extract about 6k, summarize about 12k.
    static let extractCharacters = 24_000
    static let summarizeCharacters = 47_000

    // MARK: - Document mix

    /// Every document through classify, extract and summarize on `provider`'s chat model.
    mutating func documentMix(provider: Provider, documents: Int) -> (tasks: [String: TaskTemplate], records: [DemoRecord]) {
        let model = BenchModels.chat(provider)
        let names = (classify: "\(provider.rawValue).classify", extract: "\(provider.rawValue).extract", summarize: "\(provider.rawValue).summarize")
        let classify = DemoTaskTexts.classifyInstructions()
        let tasks: [String: TaskTemplate] = [
            names.classify: TaskTemplate(
                provider: provider.rawValue, model: model, system: [classify.system], instructions: [classify.instructions],
                document: "Document {{document.id}}:\n\n{{document.text}}", maxTokens: 200, temperature: 0),
            names.extract: TaskTemplate(
                provider: provider.rawValue, model: model, system: [DemoTaskTexts.extractSystem],
                instructions: [DemoTaskTexts.extractInstructions(targetCharacters: Self.extractCharacters)],
                document: "Extract the fields from this document:\n\n{{document.text}}", maxTokens: 800),
            names.summarize: TaskTemplate(
                provider: provider.rawValue, model: model, system: [DemoTaskTexts.summarizeSystem],
                instructions: [DemoTaskTexts.summarizeInstructions(targetCharacters: Self.summarizeCharacters)],
                document: "Summarise this document:\n\n{{document.text}}", maxTokens: 400, temperature: 0.2),
        ]
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        let tenants = ["\(provider.rawValue)-acme", "\(provider.rawValue)-globex"]
        var records: [DemoRecord] = []
        for index in 0..<documents {
            let tenant = tenants[index % tenants.count]
            let document = self.document(&writer, index: index)
            for task in [names.classify, names.extract, names.summarize] {
                records.append(record(tenant: tenant, id: "\(document.id)/\(task.split(separator: ".").last ?? "")", task: task, document: document))
            }
        }
        return (tasks, records)
    }

    // MARK: - Many tenants

    /// Each tenant has its own extraction task whose prefix starts with tenant-specific house rules
    /// (so no two tenants share even the first block) and runs a handful of documents through it.
    mutating func manyTenants(provider: Provider, tenants: Int, documents: Int) -> (tasks: [String: TaskTemplate], records: [DemoRecord]) {
        let model = BenchModels.chat(provider)
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        let shared = DemoTaskTexts.extractInstructions(targetCharacters: 8_000)
        var tasks: [String: TaskTemplate] = [:]
        var streams: [[DemoRecord]] = []
        for number in 1...max(1, tenants) {
            let tenant = "\(provider.rawValue)-tenant-\(String(format: "%03d", number))"
            let task = "\(provider.rawValue).t\(String(format: "%03d", number)).extract"
            // 12k to 24k characters of the tenant's own reference material, then the shared schema:
            // about 5k to 8k tokens, above every provider's minimum cacheable length.
            let ownCharacters = random.int(in: 12_000...24_000)
            let reference = writer.write(.contract, id: "\(tenant)-terms", number: number, targetCharacters: ownCharacters)
            let system = "You extract fields from documents for \(tenant). Its master agreement and house rules follow; "
                + "they override the general schema where the two disagree.\n\n" + reference.text
            tasks[task] = TaskTemplate(
                provider: provider.rawValue, model: model, system: [system], instructions: [shared],
                document: "Extract the fields from this document:\n\n{{document.text}}", maxTokens: 600)
            var records: [DemoRecord] = []
            for index in 0..<max(1, documents) {
                let document = self.document(&writer, index: index)
                records.append(record(tenant: tenant, id: "\(document.id)/extract", task: task, document: document))
            }
            streams.append(records)
        }
        return (tasks, interleave(streams))
    }

    // MARK: - No sharing

    /// Raw chat requests, each with its own long system prompt (1.5k to 3k tokens of material no
    /// other request carries) and its own document: nothing is shared.
    mutating func noSharing(provider: Provider, requests: Int) -> (tasks: [String: TaskTemplate], records: [DemoRecord]) {
        let model = BenchModels.chat(provider)
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        let tenant = "\(provider.rawValue)-solo"
        var records: [DemoRecord] = []
        for index in 0..<requests {
            let background = writer.write(.researchNote, id: "bg-\(index + 1)", number: index + 1, targetCharacters: random.int(in: 6_000...12_000))
            let document = self.document(&writer, index: index)
            let system = "Background for request \(index + 1) only (case file \(random.hex(12))):\n\n" + background.text
            let chat = ChatRequest(
                provider: ProviderName(rawValue: provider.rawValue), model: model, system: MessageContent(system),
                messages: [Message(role: .user, content: MessageContent("Answer the question in this document using the background:\n\n" + document.text))],
                maxTokens: 300)
            records.append(Self.rawRecord(chat, id: "\(document.id)/ask", tenant: tenant, documentID: document.id))
        }
        return ([:], records)
    }

    // MARK: - Embeddings

    /// One to three passages of each document through `model`.
    mutating func embeddings(provider: Provider, model: String, documents: Int) -> (tasks: [String: TaskTemplate], records: [DemoRecord]) {
        let task = "\(provider.rawValue).embed"
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        let tenant = "\(provider.rawValue)-index"
        var records: [DemoRecord] = []
        for index in 0..<documents {
            let document = self.document(&writer, index: index)
            for (number, chunk) in DemoWorkloadBuilder.chunks(of: document.text, count: random.int(in: 1...3)).enumerated() {
                let passage = Document(id: "\(document.id)#\(number + 1)", text: chunk)
                records.append(record(tenant: tenant, id: "\(document.id)/embed-\(number + 1)", task: task, document: passage))
            }
        }
        return ([task: TaskTemplate(kind: .embedding, provider: provider.rawValue, model: model)], records)
    }

    // MARK: - Duplicates and order

    /// Adds `share` × records duplicates: half re-published byte for byte (a producer retry the
    /// journal drops), half the same task and document under a new id (identical work a response
    /// cache could answer), each a few records after its original.
    mutating func addDuplicates(to records: [DemoRecord], share: Double) -> [DemoRecord] {
        let count = Int((Double(records.count) * share).rounded())
        var chosen = Set<Int>()
        while chosen.count < min(count, records.count) { chosen.insert(random.below(records.count)) }
        var result = records
        for (order, original) in chosen.sorted(by: >).enumerated() {
            var copy = records[original]
            if order % 2 == 0 {
                copy.kind = .duplicate
            } else if let identity = copy.identity, let event = try? RequestEvent.decodeValidated(from: copy.value) {
                let id = identity.id + "/again"
                var again = event
                again.id = id
                copy.value = DemoWorkloadBuilder.encode(again)
                copy.identity = DemoRequestIdentity(tenant: identity.tenant, id: id)
            }
            let position = min(original + 1 + random.below(8), result.count)
            result.insert(copy, at: position)
        }
        return result
    }

    /// Merges per-tenant or per-provider streams as concurrent producers would, each in order.
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

    // MARK: - Pieces

    /// A document of 300 to 5,000 tokens: log-uniform 420 to 4,600 target tokens, as the demo
    /// draws them (the writer may stop up to about 110 tokens short or run one unit past).
    mutating func document(_ writer: inout DemoDocumentWriter, index: Int) -> Document {
        let kinds: [DemoDocument.Kind] = [.invoice, .contract, .supportTicket, .researchNote]
        let tokens = Int((420.0 * pow(4_600.0 / 420.0, random.unit())).rounded())
        let id = "doc-\(String(format: "%05d", index + 1))"
        let written = writer.write(random.pick(kinds), id: id, number: index + 1, targetCharacters: tokens * 4)
        return Document(id: id, text: written.text)
    }

    func record(tenant: String, id: String, task: String, document: Document) -> DemoRecord {
        let event = RequestEvent(id: id, tenant: tenant, mode: .task(name: task, document: document))
        return DemoRecord(
            key: Data("\(tenant)/\(document.id)".utf8), value: DemoWorkloadBuilder.encode(event),
            headers: [.init("content-type", "application/json")], kind: .valid,
            identity: DemoRequestIdentity(tenant: tenant, id: id), task: task)
    }

    /// A valid raw-mode chat event, keyed by tenant and document as the demo keys them.
    static func rawRecord(_ chat: ChatRequest, id: String, tenant: String, documentID: String) -> DemoRecord {
        let event = RequestEvent(id: id, tenant: tenant, mode: .raw(.chat(chat)))
        return DemoRecord(
            key: Data("\(tenant)/\(documentID)".utf8), value: DemoWorkloadBuilder.encode(event),
            headers: [.init("content-type", "application/json")], kind: .valid,
            identity: DemoRequestIdentity(tenant: tenant, id: id), task: nil)
    }
}
