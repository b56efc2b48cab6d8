package import Planning
package import Providers

extension PipelineConfiguration {
    /// How long, on the pipeline's clock, a prompt-cache entry a primer wrote stays warm at the
    /// provider: Anthropic's TTL as marked; OpenAI's extended retention as the plan counts it
    /// (``PlannedPrefix/warmSeconds``), its in-memory retention ("5 to 10 minutes of
    /// inactivity") and Gemini's implicit cache as 5 minutes.
    package func cacheLifetimeSeconds(_ ttl: CacheMark, of prefix: PlannedPrefix, provider: String) -> Double {
        let providerSeconds = prefix.warmSeconds ?? (provider == "anthropic" && ttl.ttl == .oneHour ? 3_600 : 300)
        let scale = providerTimeScale.isFinite && providerTimeScale > 0 ? providerTimeScale : 1
        return Double(providerSeconds) / scale
    }
}
