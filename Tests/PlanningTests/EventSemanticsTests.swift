import Foundation
import Planning
import Testing

/// Rules of the Swift types beyond single examples: equivalent spellings, money identities,
/// derived fields, and the headers built for Kafka.
@Suite(.timeLimit(.minutes(1)))
struct EventSemanticsTests {
    // MARK: - Equivalent spellings

    static func chat(system: String, firstContent: String) -> Data {
        Data(#"""
        {"id": "c-1", "tenant": "acme", "request": {"kind": "chat", "model": "claude-haiku-4-5",
         "system": \#(system), "messages": [{"role": "user", "content": \#(firstContent)}], "max_tokens": 8}}
        """#.utf8)
    }

    @Test func systemStringAndSingleTextBlockAreTheSameValue() throws {
        let asString = try RequestEvent.decodeValidated(from: Self.chat(system: #""Be brief.""#, firstContent: #""Hi""#))
        let asBlock = try RequestEvent.decodeValidated(
            from: Self.chat(system: #"[{"type": "text", "text": "Be brief."}]"#, firstContent: #"[{"type": "text", "text": "Hi"}]"#)
        )
        #expect(asString == asBlock)
        #expect(asString.hashValue == asBlock.hashValue)
        #expect(MessageContent("x") == MessageContent(blocks: [.text("x")]))

        // Each keeps its own spelling when written back.
        let stringJSON = String(decoding: try asString.encodedJSON(), as: UTF8.self)
        let blockJSON = String(decoding: try asBlock.encodedJSON(), as: UTF8.self)
        #expect(stringJSON.contains(#""system":"Be brief.""#))
        #expect(blockJSON.contains(#""system":[{"text":"Be brief.","type":"text"}]"#))
    }

    @Test func aCacheHintOrASecondBlockMakesADifferentValue() throws {
        let plain = try RequestEvent.decodeValidated(from: Self.chat(system: #""Be brief.""#, firstContent: #""Hi""#))
        let hinted = try RequestEvent.decodeValidated(
            from: Self.chat(system: #"[{"type": "text", "text": "Be brief.", "cache": true}]"#, firstContent: #""Hi""#)
        )
        let split = try RequestEvent.decodeValidated(
            from: Self.chat(system: #"[{"type": "text", "text": "Be "}, {"type": "text", "text": "brief."}]"#, firstContent: #""Hi""#)
        )
        #expect(plain != hinted)
        #expect(plain != split)
        guard case .raw(.chat(let request)) = hinted.mode else {
            Issue.record("expected a raw chat request, got \(hinted.mode)")
            return
        }
        #expect(request.system?.blocks == [.text("Be brief.", cache: true)])
        #expect(request.system?.blocks.first?.isCacheHint == true)
        if case .raw(.chat(let splitRequest)) = split.mode {
            #expect(splitRequest.system?.text == "Be brief.")
        }
    }

    @Test func embeddingInputKeepsItsShape() throws {
        let event = try RequestEvent.decodeValidated(from: Data(contentsOf: ContractFiles.examples.appending(path: "request-raw-embedding.json")))
        guard case .raw(.embedding(let request)) = event.mode else {
            Issue.record("expected an embedding request")
            return
        }
        #expect(request.input == .list(["TPS reports are due every Friday.", "Cover sheets must use the new template."]))
        #expect(request.dimensions == 256)
        #expect(EmbeddingInput.single("a") != EmbeddingInput.list(["a"]))
    }

    @Test func builtEventsRoundTrip() throws {
        let event = RequestEvent(
            id: "doc-9/summarize", tenant: "acme",
            mode: .raw(.chat(ChatRequest(
                provider: .gemini, model: "gemini-2.5-flash", system: MessageContent(blocks: [.text("Summarize.", cache: true)]),
                messages: [Message(role: .user, content: MessageContent("Long text"))], maxTokens: 256, temperature: 0.2,
                stop: ["END"]
            ))),
            priority: .low, deadline: EventTimestamp(rfc3339: "2026-11-24T00:00:00+09:00"),
            metadata: ["n": .number(12_345_678_901_234_567), "tags": .array([.string("a"), .null, .bool(true)])]
        )
        let decoded = try RequestEvent.decodeValidated(from: try event.encodedJSON())
        #expect(decoded == event)
        #expect(decoded.effectivePriority == .low)
        #expect(decoded.deadline?.rfc3339 == "2026-11-24T00:00:00+09:00")
        // Large integers in metadata survive exactly (a Double would lose the last digits).
        #expect(decoded.metadata?["n"] == .number(12_345_678_901_234_567))
        #expect(Priority.high > Priority.normal && Priority.normal > Priority.low)
    }

    // MARK: - Money

    @Test func amountsAreWrittenHalfToEvenAtNanoDollars() throws {
        func wire(_ text: String) throws -> String {
            String(decoding: try JSONEncoder().encode(USD(Decimal(string: text)!)), as: UTF8.self)
        }
        #expect(try wire("0.0000000025") == "0.000000002")
        #expect(try wire("0.0000000035") == "0.000000004")
        #expect(try wire("-0.0000000015") == "-0.000000002")
        #expect(try wire("1.23456789049") == "1.23456789")
        #expect(try wire("0.1") == "0.1")
        // Sums stay exact in memory: 10,000 items of a hundredth of a cent are exactly $1
        // (the same sum in Double is off).
        let total = (0..<10_000).reduce(USD.zero) { sum, _ in sum + USD(Decimal(string: "0.0001")!) }
        #expect(total == USD(1))
        #expect((0..<10_000).reduce(0.0) { sum, _ in sum + 0.0001 } != 1.0)
    }

    @Test func resultCostMustBalance() throws {
        var result = try ExamplePayloads.object("result-succeeded.json")
        guard case .object(var cost) = result["cost"] else { throw CocoaError(.fileReadCorruptFile) }
        cost["saved_usd"] = ExamplePayloads.number("0.0039237")
        result["cost"] = .object(cost)
        let error = #expect(throws: EventValidationError.self) {
            try ResultEvent.decodeValidated(from: ExamplePayloads.data(result))
        }
        #expect(error?.field.description == "cost.saved_usd")
        #expect(error?.code == .conflictingFields)

        // Within rounding of separately rounded amounts is fine.
        cost["saved_usd"] = ExamplePayloads.number("0.003922701")
        result["cost"] = .object(cost)
        _ = try ResultEvent.decodeValidated(from: ExamplePayloads.data(result))
        #expect(Cost(actual: USD(1), baseline: USD(3)).savedUSD == USD(2))
    }

    @Test(arguments: [
        ("saved_usd", "1.947643", "saved_usd"),
        ("cache_savings_usd", "1.931743", "saved_usd"),
        ("cache_hit_ratio", "0.9", "cache_hit_ratio"),
        ("period_end", "2026-11-23T10:01:59Z", "period_end"),
    ])
    func savingsIdentitiesAreChecked(field: String, value: String, expectedField: String) throws {
        var savings = try ExamplePayloads.object("savings.json")
        savings[field] = field.hasPrefix("period") ? .string(value) : ExamplePayloads.number(value)
        let error = #expect(throws: EventValidationError.self) {
            try SavingsEvent.decodeValidated(from: ExamplePayloads.data(savings))
        }
        #expect(error?.field.description == expectedField, "\(String(describing: error))")
    }

    @Test func savingsCountsMustAddUp() throws {
        var savings = try ExamplePayloads.object("savings.json")
        savings["requests"] = .object([
            "total": .number(10), "succeeded": .number(8), "failed": .number(1), "expired": .number(0), "canceled": .number(0),
        ])
        let error = #expect(throws: EventValidationError.self) {
            try SavingsEvent.decodeValidated(from: ExamplePayloads.data(savings))
        }
        #expect(error?.field.description == "requests.total")
    }

    @Test func builtSavingsEventDerivesItsTotals() throws {
        var counts = RequestCounts()
        for status in [ResultStatus.succeeded, .succeeded, .failed, .expired] { counts.record(status) }
        let usage = TokenUsage(inputTokens: 100, cacheReadInputTokens: 300, cacheWriteInputTokens: 0, outputTokens: 40)
        let event = SavingsEvent(
            id: SavingsEvent.makeID(tenant: "acme", provider: .openai, group: "batch_abc"), tenant: "acme", provider: .openai,
            model: "gpt-4.1-mini", mode: .batch, batchID: "batch_abc",
            periodStart: EventTimestamp(Date(timeIntervalSince1970: 1_800_000_000)),
            periodEnd: EventTimestamp(Date(timeIntervalSince1970: 1_800_000_600)), requests: counts, usage: usage,
            baselineUSD: USD(Decimal(string: "0.001")!), actualUSD: USD(Decimal(string: "0.0004")!),
            batchDiscountUSD: USD(Decimal(string: "0.0003")!), cacheSavingsUSD: USD(Decimal(string: "0.0003")!),
            dedupeSavingsUSD: .zero
        )
        #expect(event.id == "savings/acme/openai/batch_abc")
        #expect(event.savedUSD == USD(Decimal(string: "0.0006")!))
        #expect(event.cacheHitRatio == 0.75)
        #expect(counts.total == 4)
        let decoded = try SavingsEvent.decodeValidated(from: event.encodedJSON())
        #expect(decoded == event)
        #expect(decoded.requests.total == 4)
    }

    @Test func resultTimingMustBeInOrder() throws {
        var result = try ExamplePayloads.object("result-succeeded.json")
        result["timing"] = .object([
            "received_at": .string("2026-11-23T10:00:00Z"),
            "submitted_at": .string("2026-11-23T10:05:00Z"),
            "completed_at": .string("2026-11-23T10:04:59.999Z"),
        ])
        let error = #expect(throws: EventValidationError.self) {
            try ResultEvent.decodeValidated(from: ExamplePayloads.data(result))
        }
        #expect(error?.field.description == "timing.completed_at")
    }

    @Test func failedResultMustNotCarryOutput() throws {
        var result = try ExamplePayloads.object("result-failed.json")
        result["output"] = .object(["text": .string("partial")])
        let error = #expect(throws: EventValidationError.self) {
            try ResultEvent.decodeValidated(from: ExamplePayloads.data(result))
        }
        #expect(error?.field.description == "output")
        #expect(error?.reason == "must be absent when status is failed")
    }

    // MARK: - Kafka headers

    @Test func deadLetterHeadersCarryTheValidationError() throws {
        let bad = try Data(contentsOf: ContractFiles.invalidExamples.appending(path: "request-bad-priority.json"))
        let error = try #require(ContractFiles.validationError(RequestEvent.self, bad))
        let failedAt = try #require(EventTimestamp(rfc3339: "2026-11-23T10:00:04.250Z"))
        let headers = DeadLetterHeaders(
            originalTopic: "llm.requests", originalPartition: 7, originalOffset: 1_048_576, error: error, failedAt: failedAt
        )

        #expect(headers.headers.map(\.name) == [
            "dlq.original.topic", "dlq.original.partition", "dlq.original.offset", "dlq.error.class",
            "dlq.error.message", "dlq.failed_at", "dlq.attempts",
        ])
        let values = Dictionary(uniqueKeysWithValues: headers.headers.map { ($0.name, $0.value) })
        #expect(values["dlq.error.class"] == "sluice.contract.invalid_value")
        #expect(values["dlq.error.message"] == #"priority: must be one of low, normal, high; found "urgent""#)
        #expect(values["dlq.original.offset"] == "1048576")
        #expect(values["dlq.attempts"] == "1")

        // Read back from a record that also carries its original headers.
        var recordHeaders = values
        recordHeaders["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        #expect(try DeadLetterHeaders(headers: recordHeaders) == headers)
        recordHeaders["dlq.first_failed_at"] = "2026-11-23T10:00:00Z"
        #expect(throws: EventValidationError.self) { try DeadLetterHeaders(headers: recordHeaders) }
    }

    @Test func deadLetterMessagesAreBoundedAndNumbersStrict() throws {
        let failedAt = EventTimestamp(Date(timeIntervalSince1970: 0))
        let long = DeadLetterHeaders(
            originalTopic: "llm.requests", originalPartition: 0, originalOffset: 0, errorClass: "x",
            errorMessage: String(repeating: "é", count: 5000), failedAt: failedAt
        )
        #expect(long.errorMessage.unicodeScalars.count == DeadLetterHeaders.maximumMessageLength)
        _ = try DeadLetterHeaders.decodeValidated(from: long.encodedJSON())

        var fields = try ExamplePayloads.object("dlq-headers.json")
        for bad in ["07", "-1", "2147483648", "+3", " 3"] {
            fields["dlq.original.partition"] = .string(bad)
            let error = #expect(throws: EventValidationError.self, "partition \(bad)") {
                try DeadLetterHeaders.decodeValidated(from: ExamplePayloads.data(fields))
            }
            #expect(error?.field.description == "dlq.original.partition")
        }
        fields["dlq.original.partition"] = .string("2147483647")
        #expect(try DeadLetterHeaders.decodeValidated(from: ExamplePayloads.data(fields)).originalPartition == Int32.max)
    }

    @Test func cloudEventHeadersAreStableAndPassTraceContextThrough() throws {
        let result = try ResultEvent.decodeValidated(from: Data(contentsOf: ContractFiles.examples.appending(path: "result-succeeded.json")))
        let time = try #require(EventTimestamp(rfc3339: "2026-11-23T10:09:42Z"))
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let first = result.cloudEventHeaders(source: "urn:sluice:test", time: time, traceparent: traceparent)
        let again = result.cloudEventHeaders(source: "urn:sluice:test", time: time, traceparent: traceparent)
        #expect(first == again)
        let values = Dictionary(uniqueKeysWithValues: first.headers.map { ($0.name, $0.value) })
        #expect(values == [
            "ce_specversion": "1.0",
            "ce_id": "result/acme/doc-7f3a9c/classify",
            "ce_source": "urn:sluice:test",
            "ce_type": "llm.result.v1",
            "ce_time": "2026-11-23T10:09:42Z",
            "ce_subject": "acme",
            "ce_dataschema": "https://sluice.dev/schemas/v1/result.schema.json",
            "content-type": "application/json",
            "traceparent": traceparent,
        ])

        let savings = try SavingsEvent.decodeValidated(from: Data(contentsOf: ContractFiles.examples.appending(path: "savings.json")))
        let alert = try AlertEvent.decodeValidated(from: Data(contentsOf: ContractFiles.examples.appending(path: "alert-stale-batch-global.json")))
        #expect(savings.cloudEventHeaders(source: "s", time: time).type == "llm.savings.v1")
        #expect(savings.cloudEventID == savings.id)
        #expect(alert.cloudEventHeaders(source: "s", time: time).subject == AlertEvent.globalTenant)
        #expect(!alert.cloudEventHeaders(source: "s", time: time).headers.contains { $0.name == "traceparent" })
    }

    @Test func onlyAlertsMayUseTheGlobalTenant() throws {
        var alert = try ExamplePayloads.object("alert.json")
        alert["tenant"] = .string("_global")
        _ = try AlertEvent.decodeValidated(from: ExamplePayloads.data(alert))
        alert["tenant"] = .string("_other")
        let error = #expect(throws: EventValidationError.self) {
            try AlertEvent.decodeValidated(from: ExamplePayloads.data(alert))
        }
        #expect(error?.field.description == "tenant")
    }
}
