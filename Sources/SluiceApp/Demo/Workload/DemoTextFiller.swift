/// Fills `{slot}` markers in ``DemoVocabulary`` templates with random but plausible values.
struct DemoTextFiller {
    var random: DemoRandom

    mutating func person() -> String {
        "\(random.pick(DemoVocabulary.firstNames)) \(random.pick(DemoVocabulary.lastNames))"
    }

    mutating func date(year: Int = 2026) -> String {
        let month = random.int(in: 1...12)
        let day = random.int(in: 1...28)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    mutating func amount(_ range: ClosedRange<Int>) -> String {
        "USD \(Self.grouped(random.int(in: range))).\(random.pick(["00", "50", "25", "75", "90"]))"
    }

    /// `12345` → `12,345`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }

    mutating func fill(_ template: String) -> String {
        var result = ""
        result.reserveCapacity(template.utf8.count + 32)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            result += value(for: rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    private mutating func value(for slot: Substring) -> String {
        switch slot {
        case "company": random.pick(DemoVocabulary.companies)
        case "person": person()
        case "product": random.pick(DemoVocabulary.products)
        case "city": random.pick(DemoVocabulary.cities)
        case "component": random.pick(DemoVocabulary.components)
        case "error": random.pick(DemoVocabulary.errors)
        case "topic": random.pick(DemoVocabulary.researchTopics)
        case "method": random.pick(DemoVocabulary.methods)
        case "metric": random.pick(DemoVocabulary.metrics)
        case "law": random.pick(DemoVocabulary.laws)
        case "weekday": random.pick(DemoVocabulary.weekdays)
        case "month": random.pick(DemoVocabulary.months)
        case "num": String(random.int(in: 2...40))
        case "line": String(random.int(in: 1...9))
        case "priority": String(random.int(in: 1...3))
        case "minute": String(random.int(in: 10...59))
        case "pct": "\(random.int(in: 2...18)).\(random.int(in: 0...9))%"
        case "pct2": "\(random.int(in: 0...6)).\(random.int(in: 0...9))%"
        case "uptime": random.pick(["99.5%", "99.9%", "99.95%"])
        case "amount": amount(1_000...250_000)
        case "date": date()
        case "days": String(random.pick([10, 14, 30, 45, 60, 90]))
        case "hours": String(random.pick([24, 48, 72]))
        case "years": String(random.pick([2, 3, 5, 7]))
        case "months": String(random.pick([12, 24, 36]))
        case "multiple": random.pick(["one and a half", "two", "three"])
        default: "{\(slot)}"
        }
    }
}
