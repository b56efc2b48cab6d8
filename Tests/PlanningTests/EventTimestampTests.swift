import Foundation
import Planning
import Testing

/// The RFC 3339 parser must accept exactly what `topics/validate.py`'s date-time check accepts.
@Suite(.timeLimit(.minutes(1)))
struct EventTimestampTests {
    @Test(arguments: [
        ("2026-11-23T18:00:00Z", 1_795_456_800.0),
        ("2026-11-23t18:00:00z", 1_795_456_800.0),
        ("2026-11-23T19:30:00+01:30", 1_795_456_800.0),
        ("2026-11-23T13:00:00-05:00", 1_795_456_800.0),
        ("2026-11-23T18:00:00.250Z", 1_795_456_800.25),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
        ("2000-02-29T00:00:00Z", 951_782_400.0),
        ("1969-12-31T23:59:59Z", -1.0),
        ("2016-12-31T23:59:60Z", 1_483_228_800.0),
        ("2026-11-23T18:00:00-00:00", 1_795_456_800.0),
    ])
    func acceptsRFC3339(_ text: String, _ seconds: Double) throws {
        let timestamp = try #require(EventTimestamp(rfc3339: text))
        #expect(abs(timestamp.date.timeIntervalSince1970 - seconds) < 0.0005)
        #expect(timestamp.rfc3339 == text)
    }

    @Test(arguments: [
        "2026-11-23T18:00:00", "2026-11-23 18:00:00Z", "2026-11-23", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-23T24:00:00Z",
        "2026-11-23T18:60:00Z", "2026-11-23T18:00:61Z", "2026-11-23T18:00:00.Z", "2026-11-23T18:00:00+0100",
        "2026-11-23T18:00:00+24:00", "2026-11-23T18:00:00+01:60", "26-11-23T18:00:00Z", "2026-11-23T18:00:00Z ",
        "2026-11-23T18:00:00Z\n", "２026-11-23T18:00:00Z", "",
    ])
    func rejectsEverythingElse(_ text: String) {
        #expect(EventTimestamp(rfc3339: text) == nil)
    }

    @Test func equalityIsByInstant() throws {
        let utc = try #require(EventTimestamp(rfc3339: "2026-11-23T18:00:00Z"))
        let paris = try #require(EventTimestamp(rfc3339: "2026-11-23T19:00:00+01:00"))
        #expect(utc == paris)
        #expect(Set([utc, paris]).count == 1)
        #expect(utc < EventTimestamp(rfc3339: "2026-11-23T18:00:00.001Z")!)
    }

    @Test(arguments: [0.0, 1_795_456_800.123, -86_400.5, 951_782_400.999, 253_402_300_799.0])
    func formatsDatesInUTCWithMilliseconds(_ seconds: Double) throws {
        let timestamp = EventTimestamp(Date(timeIntervalSince1970: seconds))
        let reparsed = try #require(EventTimestamp(rfc3339: timestamp.rfc3339), "\(timestamp.rfc3339)")
        #expect(reparsed == timestamp)
        #expect(timestamp.rfc3339.hasSuffix("Z"))
        #expect(abs(timestamp.date.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test func formatsKnownInstants() {
        #expect(EventTimestamp(Date(timeIntervalSince1970: 0)).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(EventTimestamp(Date(timeIntervalSince1970: 1_795_456_801.12)).rfc3339 == "2026-11-23T18:00:01.120Z")
        #expect(EventTimestamp(Date(timeIntervalSince1970: -0.5)).rfc3339 == "1969-12-31T23:59:59.500Z")
    }
}
