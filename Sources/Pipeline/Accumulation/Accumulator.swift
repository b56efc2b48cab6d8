package import Foundation
package import Logging
package import Planning
package import Providers
package import StateStore

/// Decides, bucket by bucket, when pending requests leave the journal and how: as a primer, as
/// provider batches planned for the prompt cache, as realtime calls (near deadlines, too old, too
/// many failed batch attempts), or as a `failed` result when every attempt is spent.
///
/// An actor, so that the periodic flush and `POST /v1/flush` never plan the same requests twice.
package actor Accumulator {
    private let store: StateStore
    private let clients: [Provider: any BatchProviderClient]
    private let planner: BatchPlanner
    private let results: ResultBuilder
    private let configuration: PipelineConfiguration
    private let wake: Wakeups
    private let deduplicator: Deduplicator?
    private let logger: Logger
    /// Chain hashes of each bucket's shared part (``PrefixAnalysis/chainHashes(of:)``), read once
    /// per bucket: a bucket key fixes its prefix, so the entry never goes stale.
    private var bucketChains: [String: [String]] = [:]
    /// Chain hashes (and OpenAI keys) primers are writing or wrote, by prefix.
    private var priming: [String: PrimingEntry] = [:]
    /// OpenAI batches this instance planned, by id, and what they send per key. Lost on a
    /// restart: the first plan after one may then overflow a key a running batch still loads.
    private var keyLoads: [UUID: KeyLoad] = [:]
    /// Per pending bucket, provider tokens per estimated token of one of its requests, counted by
    /// the provider (0: not counted, and not to be asked again while the bucket is pending).
    private var countedRatios: [String: Double] = [:]

    /// Who to tell when batches are planned.
    package struct Wakeups: Sendable {
        package var submitter: Doorbell
        package var realtime: Doorbell
        package var publisher: Doorbell

        package init(submitter: Doorbell, realtime: Doorbell, publisher: Doorbell) {
            self.submitter = submitter
            self.realtime = realtime
            self.publisher = publisher
        }
    }

    package init(
        store: StateStore, clients: [Provider: any BatchProviderClient], planner: BatchPlanner, results: ResultBuilder,
        configuration: PipelineConfiguration, wake: Wakeups, deduplicator: Deduplicator? = nil, logger: Logger
    ) {
        self.store = store
        self.clients = clients
        self.planner = planner
        self.results = results
        self.configuration = configuration
        self.wake = wake
        self.deduplicator = deduplicator
        self.logger = logger
    }

    /// Looks at every bucket once and releases the due ones (all of them when `onDemand`).
    /// - Returns: How many requests left the journal, and when the next bucket falls due.
    package func tick(onDemand: Bool = false, now: Date = Date()) async throws -> (released: Int, nextDue: Date?) {
        var released = 0
        var nextDue: Date?
        let pending = try await store.pendingBuckets()
        try await learnChains(pending)
        let readers = readerIndex(pending)
        priming = priming.filter { $0.value.giveUpAt.addingTimeInterval($0.value.lifetime) > now }
        var unsent = pending.isEmpty ? [:] : try await store.unsentBatchCounts()
        for stats in pending {
            guard let provider = Provider(rawValue: stats.provider), let client = clients[provider] else {
                logger.error("No client for a pending bucket's provider", metadata: ["bucket": "\(stats.bucket)"])
                continue
            }
            // The submitter is behind on this provider: plan nothing more for it until it catches
            // up (the submitter's progress is seen on the next pass, at most an interval away).
            if unsent[stats.provider, default: 0] >= configuration.maxUnsentBatches {
                logger.debug("Provider has the most unsent batches; its buckets wait", metadata: ["provider": "\(stats.provider)"])
                continue
            }
            switch configuration.flushPolicy.decide(bucketState(stats, limits: client.limits), now: now, onDemand: onDemand) {
            case .idle:
                continue
            case .wait(let until, _):
                nextDue = min(nextDue ?? until, until)
            case .flush(let reason):
                // Even on demand: sending the rest before the primer ends would send it cold.
                if try await primerInFlight(bucket: stats.bucket, now: now) {
                    continue
                }
                // Another bucket's primer is writing a prefix this one shares: wait for it and read
                // it, rather than write it again (not when a deadline is at stake).
                if reason != .deadline, try await waitsForSharedPrimer(stats, now: now) {
                    continue
                }
                let count = try await release(stats, client: client, reason: reason, readers: readers, now: now)
                released += count
                if count > 0 { unsent[stats.provider, default: 0] += 1 }
                // A bucket larger than one batch goes out over several ticks; come back at once.
                if count > 0, stats.count > count { nextDue = now }
            }
        }
        return (released, nextDue)
    }

    private func bucketState(_ stats: BucketStats, limits: BatchLimits) -> BucketState {
        var oldest: [Priority: Date] = [:]
        for (priority, at) in stats.oldestByPriority {
            oldest[Priority(priority)] = Date(unixMilliseconds: at)
        }
        if oldest.isEmpty { oldest[Priority(stats.highestPriority)] = Date(unixMilliseconds: stats.oldestReceivedAt) }
        return BucketState(
            count: stats.count, bytes: stats.totalBytes, oldestByPriority: oldest,
            earliestDeadline: stats.earliestDeadline.map(Date.init(unixMilliseconds:)),
            providerMaxRequests: limits.maxRequests, providerMaxBytes: limits.maxBytes)
    }

    /// A primer of this bucket is still on its way: the rest waits for it to warm the prefix.
    private func primerInFlight(bucket: String, now: Date) async throws -> Bool {
        guard let primer = try await store.latestBatch(bucket: bucket, kind: .primer) else { return false }
        let age = now.unixMilliseconds - primer.createdAt
        return primer.state.holdsRequests && age < configuration.primerGiveUpAfter.milliseconds
    }

    /// What the planner knows about this bucket's prefixes: the chain hashes warm by the tracked
    /// cache state or written by this bucket's primers while what they wrote lives (a primer
    /// that did not warm them, e.g. below the provider's minimum, is not repeated meanwhile), and
    /// how many requests outside this plan read each later (other pending buckets of the model
    /// sharing it, from `readers`, and `pendingAfter` requests of this bucket left for a later
    /// flush).
    private func warmth(
        as key: BucketKey, stats: BucketStats, readers: [String: Int], pendingAfter: Int, now: Date
    ) async throws -> PrefixWarmth {
        var warm = Set(
            try await store.warmPrefixes(provider: key.provider.rawValue, model: key.model, now: now.unixMilliseconds).map(\.prefixHash))
        // The latest primer, also when this instance did not plan it (a restart).
        if let primer = try await store.latestBatch(bucket: stats.bucket, kind: .primer),
            let prefix = (try? await JSONDecoder().decode(StoredPlan.self, from: store.plan(batchID: primer.id)))?.prefix
        {
            // Until its fan-out has gone out, an ended primer vouches for what it wrote however
            // long the wait since (up to the give-up time): the requests that waited for it go out
            // reading it, rather than prime again and again when planning runs late. After, only
            // while the entry lives.
            let ended = (primer.state == .ended || primer.state == .published) ? primer.endedAt : nil
            var unspent = false
            if let ended, now < Date(unixMilliseconds: ended).addingTimeInterval(configuration.primerGiveUpAfter.timeInterval) {
                let fanOut = try await store.latestBatch(bucket: stats.bucket, kind: .batch)
                unspent = (fanOut?.createdAt ?? 0) < primer.createdAt
            }
            let giveUpAt = Date(unixMilliseconds: primer.createdAt).addingTimeInterval(configuration.primerGiveUpAfter.timeInterval)
            func lives(_ ttl: CacheMark) -> Bool {
                let lifetime = configuration.cacheLifetimeSeconds(ttl, of: prefix, provider: key.provider.rawValue)
                return unspent || primerVouches(primer, giveUpAt: giveUpAt, lifetime: lifetime, now: now)
            }
            for breakpoint in prefix.breakpoints ?? [] where lives(breakpoint.ttl) { warm.insert(breakpoint.hash) }
            // A primer stored without breakpoints (an older plan) vouches for the whole bucket.
            if prefix.breakpoints == nil, lives(prefix.ttl) {
                warm.insert(prefix.hash)
                return PrefixWarmth(warm: warm, everything: true)
            }
        }
        // Every prefix this bucket's primers wrote, not just the latest primer's: with sub-groups
        // primed in turn, one whose write did not show must not be primed again and again.
        var primers: [UUID: BatchRecord?] = [:]
        for (hash, entry) in priming where entry.bucket == stats.bucket && !warm.contains(hash) {
            if primers[entry.batch] == nil { primers[entry.batch] = try await store.batch(id: entry.batch) }
            guard let primer = primers[entry.batch] ?? nil else { continue }
            if primerVouches(primer, giveUpAt: entry.giveUpAt, lifetime: entry.lifetime, now: now) { warm.insert(hash) }
        }
        let load = key.provider == .openai ? try await keyLoad(provider: key.provider.rawValue, model: key.model, now: now) : [:]
        var later: [String: Int] = [:]
        for hash in bucketChains[stats.bucket] ?? [] {
            let others = (readers[Self.readerKey(stats, hash)] ?? 0) - stats.count
            if others + pendingAfter > 0 { later[hash] = others + pendingAfter }
        }
        return PrefixWarmth(warm: warm, laterReaders: later, keyLoad: load)
    }

    /// Requests per OpenAI key of the model's batches still running or ended within the
    /// provider's one-minute routing window (on its clock); batches past it are forgotten.
    private func keyLoad(provider: String, model: String, now: Date) async throws -> [String: Int] {
        let window = 60 / (configuration.providerTimeScale > 0 ? configuration.providerTimeScale : 1)
        var total: [String: Int] = [:]
        for (id, load) in keyLoads where load.provider == provider && load.model == model {
            guard let batch = try await store.batch(id: id) else {
                keyLoads[id] = nil
                continue
            }
            if !batch.state.holdsRequests {
                let ended = batch.endedAt ?? batch.updatedAt
                guard now < Date(unixMilliseconds: ended).addingTimeInterval(window) else {
                    keyLoads[id] = nil
                    continue
                }
            }
            total.merge(load.requests, uniquingKeysWith: +)
        }
        return total
    }

    /// Whether what `primer` writes counts warm now: while it is in flight (until `giveUpAt`), and
    /// for `lifetime` after it ended with results; not after it failed or was canceled.
    private func primerVouches(_ primer: BatchRecord, giveUpAt: Date, lifetime: TimeInterval, now: Date) -> Bool {
        if primer.state.holdsRequests { return now < giveUpAt }
        guard primer.state == .ended || primer.state == .published, let ended = primer.endedAt else { return false }
        return now < Date(unixMilliseconds: ended).addingTimeInterval(lifetime)
    }

    /// Pending requests per (provider, model, chain hash) over every pending bucket: one pass a
    /// tick, so finding a bucket's readers elsewhere does not rescan the others.
    private func readerIndex(_ pending: [BucketStats]) -> [String: Int] {
        var index: [String: Int] = [:]
        for stats in pending {
            for hash in bucketChains[stats.bucket] ?? [] { index[Self.readerKey(stats, hash), default: 0] += stats.count }
        }
        return index
    }

    private static func readerKey(_ stats: BucketStats, _ hash: String) -> String { "\(stats.provider)/\(stats.model)/\(hash)" }

    /// Reads one pending request of each bucket not seen yet and keeps its chain hashes.
    private func learnChains(_ pending: [BucketStats]) async throws {
        // Only pending buckets are kept: one that comes back is read again.
        let live = Set(pending.map(\.bucket))
        bucketChains = bucketChains.filter { live.contains($0.key) }
        countedRatios = countedRatios.filter { live.contains($0.key) }
        for stats in pending where bucketChains[stats.bucket] == nil && stats.endpoint != .embedding {
            guard let record = try await store.pendingRequests(bucket: stats.bucket, limit: 1).first,
                let request = try? record.entry.renderedRequest()
            else { continue }
            bucketChains[stats.bucket] = PrefixAnalysis.chainHashes(of: request)
            if countedRatios[stats.bucket] == nil {
                countedRatios[stats.bucket] = try await countedRatio(of: request, stats: stats) ?? 0
            }
        }
    }

    /// Provider tokens per estimated token of `request`, counted by the provider, where the
    /// bucket's prefix estimate sits near the model's minimum cacheable length (within a factor
    /// of two) and the ledger cannot calibrate the model yet: on a cold start a prefix just over
    /// the minimum that four characters a token puts under it would go out uncached, and one just
    /// under it would be primed for nothing. `nil` elsewhere, and where counting fails.
    private func countedRatio(of request: LLMRequest, stats: BucketStats) async throws -> Double? {
        guard let provider = Provider(rawValue: stats.provider), let client = clients[provider], request.kind == .chat else { return nil }
        let facts = try? planner.priceBook.facts(provider: provider, model: stats.model)
        let minimum = Double(facts?.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens)
        let prefix = Double(planner.estimator.prefixTokens(of: request))
        let estimated = planner.estimator.promptTokens(of: request)
        guard estimated > 0, prefix >= minimum / 2, prefix <= minimum * 2 else { return nil }
        let sample = try await store.tokenCalibration(provider: stats.provider, model: stats.model)
        guard sample.samples < TokenEstimator.calibrationMinimumSamples else { return nil }
        do {
            guard let counted = try await client.countPromptTokens(request), counted > 0 else { return nil }
            let bounds = TokenEstimator.calibrationBounds
            return min(max(Double(counted) / Double(estimated), bounds.lowerBound), bounds.upperBound)
        } catch {
            logger.debug("Counting a bucket's prompt tokens failed; planning on the estimate", metadata: ["bucket": "\(stats.bucket)", "error": "\(error)"])
            return nil
        }
    }

    /// Whether a prefix of this bucket is being written by another bucket's primer that is still
    /// in flight, and is not warm yet. Once that primer has ended the wait is over, whether or not
    /// it cached the prefix (one under the provider's real minimum never shows as warm).
    private func waitsForSharedPrimer(_ stats: BucketStats, now: Date) async throws -> Bool {
        var writers: [String: String] = [:]
        for hash in bucketChains[stats.bucket] ?? [] {
            guard let entry = priming[hash], entry.bucket != stats.bucket, entry.giveUpAt > now else { continue }
            writers[hash] = entry.bucket
        }
        guard !writers.isEmpty else { return false }
        let warm = Set(try await store.warmPrefixes(provider: stats.provider, model: stats.model, now: now.unixMilliseconds).map(\.prefixHash))
        for (hash, writer) in writers where !warm.contains(hash) {
            if try await primerInFlight(bucket: writer, now: now) { return true }
        }
        return false
    }

    // MARK: - Release

    private func release(
        _ stats: BucketStats, client: any BatchProviderClient, reason: FlushReason, readers: [String: Int], now: Date
    ) async throws -> Int {
        let limits = client.limits
        let maxCount = min(configuration.flushPolicy.maxRequests, limits.maxRequests)
        let maxBytes = min(configuration.flushPolicy.maxBytes, limits.maxBytes)
        var records: [RequestRecord] = []
        var bytes = 0
        for record in try await store.pendingRequests(bucket: stats.bucket, limit: maxCount) {
            if !records.isEmpty, bytes + record.entry.byteSize > maxBytes { break }
            bytes += record.entry.byteSize
            records.append(record)
        }
        guard let first = records.first else { return 0 }
        let key = BucketKey(stored: stats, endpoint: first.entry.endpoint)
        let decoder = JSONDecoder()
        var batchInputs: [(RequestRecord, LLMRequest)] = []
        var realtime: [(RequestRecord, LLMRequest)] = []
        var flex = true
        var failures: [PendingResolution] = []
        for record in records {
            let entry = record.entry
            guard let request = try? entry.renderedRequest(using: decoder) else {
                failures.append(try failure(record, code: "internal", "the journaled request cannot be read back", now: now))
                continue
            }
            let allowed = configuration.maxBatchAttempts + configuration.maxRealtimeAttempts
            if record.attempts >= allowed {
                failures.append(
                    try failure(
                        record, code: "attempts_exhausted",
                        "gave up after \(record.attempts) attempts: \(record.lastError ?? "no error recorded")", now: now))
                continue
            }
            let route = configuration.flushPolicy.route(
                receivedAt: Date(unixMilliseconds: entry.receivedAt),
                deadline: entry.deadline.map(Date.init(unixMilliseconds:)), now: now)
            switch route {
            case .batch where record.attempts < configuration.maxBatchAttempts:
                batchInputs.append((record, request))
            case .batch:
                realtime.append((record, request))
            case .realtime(let why):
                // Flex is slower than standard: fine for work that is merely old, not for a deadline.
                if why == .deadline { flex = false }
                realtime.append((record, request))
            }
        }
        if !failures.isEmpty {
            _ = try await store.resolvePending(failures, at: now.unixMilliseconds)
            wake.publisher.ring()
        }
        var released = failures.count
        if let deduplicator {
            let split = try await deduplicator.split(batchInputs + realtime, bucket: stats.bucket, now: now)
            if split.answered + split.held > 0 {
                let sending = Set(split.send.map { $0.0.key })
                batchInputs.removeAll { !sending.contains($0.0.key) }
                realtime.removeAll { !sending.contains($0.0.key) }
                released += split.answered
                if split.answered > 0 { wake.publisher.ring() }
            }
        }
        if !batchInputs.isEmpty {
            released += try await planBatches(
                batchInputs, key: key, stats: stats, client: client, readers: readers,
                pendingAfter: max(stats.count - records.count, 0), now: now)
        }
        if !realtime.isEmpty {
            let mode: AttemptMode = flex && key.provider == .openai && key.kind == .chat ? .flex : .realtime
            let arranged = planner.arrangedForRealtime(
                realtime.map {
                    PlannerInput(request: $0.1, estimatedInputTokens: $0.0.entry.estimatedInputTokens, prefixGroup: key.prefixGroup)
                }, bucket: key)
            _ = try await store.planBatch(
                NewBatch(
                    provider: key.provider.rawValue, model: key.model, endpoint: first.entry.endpoint,
                    bucket: stats.bucket, kind: .realtime, mode: mode,
                    plan: try JSONEncoder().encode(StoredPlan(requests: arranged, prefix: nil)),
                    items: realtime.map { NewBatchItem(customID: $0.1.customID, request: $0.0.key) },
                    createdAt: now.unixMilliseconds))
            released += realtime.count
            wake.realtime.ring()
        }
        logger.debug(
            "Bucket released",
            metadata: [
                "bucket": "\(stats.bucket)", "reason": "\(reason.rawValue)", "batch": "\(batchInputs.count)",
                "realtime": "\(realtime.count)", "failed": "\(failures.count)",
            ])
        return released
    }

    private func planBatches(
        _ inputs: [(RequestRecord, LLMRequest)], key: BucketKey, stats: BucketStats, client: any BatchProviderClient,
        readers: [String: Int], pendingAfter: Int, now: Date
    ) async throws -> Int {
        let bucket = stats.bucket
        let byCustomID = Dictionary(inputs.map { ($0.1.customID, $0.0) }, uniquingKeysWith: { first, _ in first })
        let warmth = try await warmth(as: key, stats: stats, readers: readers, pendingAfter: pendingAfter, now: now)
        var (planner, ratio) = try await calibratedPlanner(for: key)
        // Until the ledger calibrates the model, the provider's count of one request does.
        if ratio == 1, let counted = countedRatios[bucket], counted > 0 {
            planner.estimator = planner.estimator.scaled(by: counted)
            ratio = counted
        }
        let plan = planner.plan(
            inputs.map {
                PlannerInput(
                    request: $0.1, estimatedInputTokens: Int((Double($0.0.entry.estimatedInputTokens) * ratio).rounded(.up)),
                    prefixGroup: key.prefixGroup)
            },
            bucket: key, warmth: warmth)
        let kind: BatchKind = plan.primers.isEmpty ? .batch : .primer
        let requests = plan.toSend
        let preparation = client.prepareBatches(requests)
        var failures: [PendingResolution] = []
        for rejected in preparation.rejected {
            guard let record = byCustomID[rejected.customID] else { continue }
            failures.append(
                try failure(record, code: "invalid_request", rejected.error.message, providerCode: rejected.error.errorType, now: now))
        }
        if !failures.isEmpty {
            _ = try await store.resolvePending(failures, at: now.unixMilliseconds)
            wake.publisher.ring()
        }
        let planned = Dictionary(requests.map { ($0.customID, $0) }, uniquingKeysWith: { first, _ in first })
        var released = failures.count
        for prepared in preparation.batches {
            let members = prepared.customIDs.compactMap { planned[$0] }
            let batch = try await store.planBatch(
                NewBatch(
                    provider: key.provider.rawValue, model: key.model, endpoint: key.kind == .embedding ? .embedding : .chat,
                    bucket: bucket, kind: kind,
                    plan: try JSONEncoder().encode(StoredPlan(requests: members, prefix: plan.prefix)),
                    items: members.map { NewBatchItem(customID: $0.customID, request: byCustomID[$0.customID]?.key) },
                    createdAt: now.unixMilliseconds))
            released += members.count
            var keys: [String: Int] = [:]
            for member in members { if let key = member.promptCacheKey { keys[key, default: 0] += 1 } }
            // A primer's one request per key is the room a warm key keeps aside already.
            if kind == .batch, !keys.isEmpty {
                keyLoads[batch.id] = KeyLoad(provider: key.provider.rawValue, model: key.model, requests: keys)
            }
            if kind == .primer, let prefix = plan.prefix {
                let giveUpAt = now.addingTimeInterval(configuration.primerGiveUpAfter.timeInterval)
                for breakpoint in prefix.breakpoints ?? [] where !warmth.isWarm(breakpoint.hash) {
                    priming[breakpoint.hash] = PrimingEntry(
                        bucket: bucket, batch: batch.id, giveUpAt: giveUpAt,
                        lifetime: configuration.cacheLifetimeSeconds(breakpoint.ttl, of: prefix, provider: key.provider.rawValue))
                }
            }
        }
        if !preparation.batches.isEmpty { wake.submitter.ring() }
        return released
    }

    /// The planner with its token estimate corrected by the model's reported usage so far, and
    /// the correction (1 while too few requests have been answered, and for embeddings); on
    /// Gemini also with the implicit hit share the provider has shown so far.
    private func calibratedPlanner(for key: BucketKey) async throws -> (BatchPlanner, Double) {
        guard key.kind == .chat else { return (planner, 1) }
        var calibrated = planner
        if key.provider == .gemini {
            // Explicit against implicit caching turns on how often implicit hits: ask the ledger.
            let facts = try? planner.priceBook.facts(provider: key.provider, model: key.model)
            let hits = try await store.implicitCacheSample(
                provider: key.provider.rawValue, model: key.model,
                minimumPromptTokens: facts?.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens)
            calibrated.settings.geminiImplicitHitRatio = planner.settings.observedImplicitHitRatio(
                requests: hits.requests, hits: hits.hits)
        }
        if key.provider == .openai {
            // How many keys a fan-out opens turns on what overflowing one costs: ask the ledger.
            let overflow = try await store.cacheRouteOverflow(
                provider: key.provider.rawValue, model: key.model, minimumRequests: planner.settings.openAIRequestsPerKey)
            calibrated.settings.openAIOverflowMisses = planner.settings.observedOverflowMisses(
                keys: overflow.keys, misses: overflow.misses)
        }
        let sample = try await store.tokenCalibration(provider: key.provider.rawValue, model: key.model)
        guard
            let ratio = TokenEstimator.calibrationRatio(
                estimatedTokens: sample.estimatedTokens, reportedTokens: sample.reportedTokens, samples: sample.samples)
        else { return (calibrated, 1) }
        calibrated.estimator = planner.estimator.scaled(by: ratio)
        return (calibrated, ratio)
    }

    private func failure(
        _ record: RequestRecord, code: String, _ message: String, providerCode: String? = nil, now: Date
    ) throws -> PendingResolution {
        let entry = record.entry
        let outcome = ResultBuilder.Outcome(
            status: .failed, error: ResultError(code: code, message: message, providerCode: providerCode),
            provider: Provider(rawValue: entry.provider) ?? .anthropic, model: entry.model, mode: .batch,
            attempts: record.attempts, completedAt: now)
        return PendingResolution(
            request: record.key, status: .failed(error: "\(code): \(message)"),
            result: try results.record(for: entry, outcome))
    }
}

extension BucketKey {
    /// The key of a stored bucket (`provider/model/kind/prefix`; a model name may contain `/`).
    init(stored stats: BucketStats, endpoint: Endpoint) {
        let prefix = stats.bucket.split(separator: "/").last.map(String.init) ?? stats.bucket
        self.init(
            provider: Provider(rawValue: stats.provider) ?? .anthropic, model: stats.model,
            kind: endpoint == .embedding ? .embedding : .chat, prefixGroup: prefix)
    }
}

extension Priority {
    init(_ priority: RequestPriority) {
        switch priority {
        case .low: self = .low
        case .normal: self = .normal
        case .high: self = .high
        }
    }
}
