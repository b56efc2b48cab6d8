import Foundation
import Planning
import Providers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times ``BatchPlanner`` over a document-mix workload of many requests, the way the accumulator
/// calls it: per bucket, in chunks of the flush policy's `max_requests`, the first chunk cold (a
/// primer, then the rest planned warm), later chunks warm.
enum PlanningTimeBench {
    /// Rendered documents the requests cycle through: rendering (and its JSON sizing) is intake's
    /// cost, not the planner's, so a pool keeps the set-up short without changing what is planned.
    static let documentPool = 60

    /// Plans `requests` requests of the three providers' document mix and returns the time spent
    /// in the planner only.
    /// - Throws: ``RenderError`` or ``PriceBookError`` if the bundled tasks or prices are broken.
    /// - Parameter workload: ``BenchWorkloadName/documentMix`` (three task buckets per provider) or
    ///   ``BenchWorkloadName/singleBlock`` (one bucket per provider whose final blocks the planner
    ///   splits); anything else is planned as the document mix.
    static func measure(
        requests: Int, seed: UInt64, maxRequestsPerFlush: Int = 10_000, workload: BenchWorkloadName = .documentMix
    ) throws -> PlanningTiming {
        let priceBook = try PriceBook.bundled()
        var builder = BenchWorkloadBuilder(seed: seed)
        var tasks: [String: TaskTemplate] = [:]
        var samples: [[RequestEvent]] = []
        for provider in Provider.allCases {
            let mix =
                workload == .singleBlock
                ? builder.singleBlock(provider: provider, documents: documentPool)
                : builder.documentMix(provider: provider, documents: documentPool)
            tasks.merge(mix.tasks) { first, _ in first }
            samples.append(mix.records.compactMap { try? RequestEvent.decodeValidated(from: $0.value) })
        }
        let renderer = RequestRenderer(tasks: tasks, priceBook: priceBook)
        var templates: [RenderedRequest] = []
        for events in samples {
            for event in events { templates.append(try renderer.render(event)) }
        }
        var buckets: [BucketKey: [PlannerInput]] = [:]
        var order: [BucketKey] = []
        for index in 0..<requests {
            let template = templates[index % templates.count]
            var request = template.request
            request.customID = RequestRenderer.customID(tenant: "bench", id: "r\(index)")
            // Distinct requests, as after dedupe: the pool's documents recur, and identical final
            // blocks would be split off and cached as a shared prefix of their own. Single-block
            // requests start with their instructions, so their mark goes at the end.
            if let message = request.messages.indices.last, let block = request.messages[message].content.indices.last,
                let text = request.messages[message].content[block].text
            {
                request.messages[message].content[block] =
                    .text(workload == .singleBlock ? text + "\n(request \(index))" : "(request \(index))\n" + text)
            }
            if buckets[template.bucket] == nil { order.append(template.bucket) }
            buckets[template.bucket, default: []].append(PlannerInput(
                    request: request, estimatedInputTokens: template.estimatedInputTokens,
                    prefixGroup: template.bucket.prefixGroup))
        }
        let planner = BatchPlanner(priceBook: priceBook, settings: PlannerSettings(expectedTurnaround: .seconds(3_600)))
        var planCalls = 0
        var cached = 0
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let elapsed = clock.measure {
            for bucket in order {
                let inputs = buckets[bucket] ?? []
                var warm = false
                var start = 0
                while start < inputs.count {
                    let chunk = Array(inputs[start..<min(start + maxRequestsPerFlush, inputs.count)])
                    start += chunk.count
                    var plan = planner.plan(chunk, bucket: bucket, prefixWarm: warm)
                    planCalls += 1
                    if plan.primer != nil {
                        cached += 1
                        plan = planner.plan(Array(chunk.dropFirst()), bucket: bucket, prefixWarm: true)
                        planCalls += 1
                    }
                    if plan.prefix != nil {
                        warm = true
                        cached += plan.requests.count
                    }
                }
            }
        }
        let cpu = threadCPUSeconds() - cpuStart
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return PlanningTiming(
            requests: requests, buckets: order.count, planCalls: planCalls, cachedRequests: cached,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpuSeconds: cpu,
            build: build)
    }

    /// CPU time of the calling thread: the planner runs synchronously on it, so this is its own
    /// work, unaffected by other processes competing for the cores (wall time is not).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
