package import Planning

extension DemoWorkload {
    /// Task names the demo workload uses.
    package enum TaskName {
        package static let classify = "classify"
        package static let extract = "extract"
        package static let summarize = "summarize"
        package static let embed = "embed"
    }

    /// The demo's task templates, one provider each so the demo shows all three batch APIs and
    /// their caching rules: classify on Anthropic (explicit breakpoints), extract on OpenAI
    /// (automatic prefix caching), summarize on Gemini (implicit caching), and an OpenAI
    /// embedding task (batch discount only). Built once; identical for every seed.
    package static let demoTasks: [String: TaskTemplate] = {
        let classify = DemoTaskTexts.classifyInstructions()
        return [
            TaskName.classify: TaskTemplate(
                provider: "anthropic", model: "claude-sonnet-4-5", system: [classify.system], instructions: [classify.instructions],
                document: "Document {{document.id}}:\n\n{{document.text}}", maxTokens: 200, temperature: 0),
            TaskName.extract: TaskTemplate(
                provider: "openai", model: "gpt-5-mini", system: [DemoTaskTexts.extractSystem],
                instructions: [DemoTaskTexts.extractInstructions(targetCharacters: DemoTaskTexts.extractTargetCharacters)],
                document: "Extract the fields from this document:\n\n{{document.text}}", maxTokens: 800),
            TaskName.summarize: TaskTemplate(
                provider: "gemini", model: "gemini-2.5-flash", system: [DemoTaskTexts.summarizeSystem],
                instructions: [DemoTaskTexts.summarizeInstructions(targetCharacters: DemoTaskTexts.summarizeTargetCharacters)],
                document: "Summarise this document:\n\n{{document.text}}", maxTokens: 400, temperature: 0.2),
            TaskName.embed: TaskTemplate(kind: .embedding, provider: "openai", model: "text-embedding-3-small"),
        ]
    }()
}
