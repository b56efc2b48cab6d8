import Foundation
import Planning
import Providers

extension BenchWorkloadBuilder {
    /// Characters of the shared-preamble workload's company preamble (about 3.5k tokens: over
    /// every bench model's minimum cacheable length on its own).
    static let preambleCharacters = 14_000

    /// Every document through three tasks whose system is [company preamble, task instructions]:
    /// the preamble is the same bytes in all three, the instructions differ.
    mutating func sharedPreamble(provider: Provider, documents: Int) -> (tasks: [String: TaskTemplate], records: [DemoRecord]) {
        let model = BenchModels.chat(provider)
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        let policy = writer.write(.contract, id: "acme-policy", number: 1, targetCharacters: Self.preambleCharacters)
        let preamble = "You work on Acme Holdings' document desk. The company's standing policy below applies to every task; "
            + "follow it before any task-specific rule.\n\n" + policy.text
        let names = ["classify", "extract", "summarize"].map { "\(provider.rawValue).shared.\($0)" }
        let classify = DemoTaskTexts.classifyInstructions()
        let tasks: [String: TaskTemplate] = [
            names[0]: TaskTemplate(
                provider: provider.rawValue, model: model, system: [preamble, classify.system + "\n\n" + classify.instructions],
                instructions: [], document: "Document {{document.id}}:\n\n{{document.text}}", maxTokens: 200, temperature: 0),
            names[1]: TaskTemplate(
                provider: provider.rawValue, model: model,
                system: [preamble, DemoTaskTexts.extractSystem + "\n\n" + DemoTaskTexts.extractInstructions(targetCharacters: 16_000)],
                instructions: [], document: "Extract the fields from this document:\n\n{{document.text}}", maxTokens: 600),
            names[2]: TaskTemplate(
                provider: provider.rawValue, model: model,
                system: [preamble, DemoTaskTexts.summarizeSystem + "\n\n" + DemoTaskTexts.summarizeInstructions(targetCharacters: 32_000)],
                instructions: [], document: "Summarise this document:\n\n{{document.text}}", maxTokens: 400, temperature: 0.2),
        ]
        let tenant = "\(provider.rawValue)-acme"
        var records: [DemoRecord] = []
        for index in 0..<documents {
            let document = self.document(&writer, index: index)
            for task in names {
                records.append(record(tenant: tenant, id: "\(document.id)/\(task.split(separator: ".").last ?? "")", task: task, document: document))
            }
        }
        return (tasks, records)
    }

    /// Raw chat requests without a system prompt whose single user block is the task's long
    /// instructions, a blank line, then the document: each document through two such tasks.
    mutating func singleBlock(provider: Provider, documents: Int) -> (tasks: [String: TaskTemplate], records: [DemoRecord]) {
        let model = BenchModels.chat(provider)
        var writer = DemoDocumentWriter(random: DemoRandom(seed: random.next()))
        let families = [
            (name: "extract", instructions: DemoTaskTexts.extractSystem + "\n\n" + DemoTaskTexts.extractInstructions(targetCharacters: 24_000), maxTokens: 600),
            (name: "summarize", instructions: DemoTaskTexts.summarizeSystem + "\n\n" + DemoTaskTexts.summarizeInstructions(targetCharacters: 20_000), maxTokens: 400),
        ]
        let tenant = "\(provider.rawValue)-raw"
        var records: [DemoRecord] = []
        for index in 0..<documents {
            let document = self.document(&writer, index: index)
            for family in families {
                let chat = ChatRequest(
                    provider: ProviderName(rawValue: provider.rawValue), model: model,
                    messages: [Message(role: .user, content: MessageContent(family.instructions + "\n\nDocument \(document.id):\n\n" + document.text))],
                    maxTokens: family.maxTokens)
                records.append(Self.rawRecord(chat, id: "\(document.id)/\(family.name)", tenant: tenant, documentID: document.id))
            }
        }
        return ([:], records)
    }
}
