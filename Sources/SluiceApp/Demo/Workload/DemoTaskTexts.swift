/// The long shared instructions of the demo tasks. They are the part a provider's prompt cache can
/// hold, so they are deliberately large and realistic: a taxonomy with definitions (≈2k tokens),
/// an extraction schema with rules and worked examples (≈5k), a summary style guide with examples
/// (≈10k), at about 4 characters a token. They are fixed (generated from constant seeds), so every
/// demo run shares the same prefixes.
enum DemoTaskTexts {
    static let extractTargetCharacters = 20_000
    static let summarizeTargetCharacters = 40_000
}
