import Foundation
@testable import Planning
import Testing

/// The intake's hand-written JSON parser against `JSONDecoder`, which it replaced: the same value
/// for every valid document, a refusal for every malformed one.
@Suite(.timeLimit(.minutes(1)))
struct JSONValueParserTests {
    static let valid: [String] = [
        #"{}"#, #"[]"#, #"null"#, #"true"#, #"false"#, #"0"#, #"-0"#, #"42"#, #"-17"#, #"3.25"#, #"1e3"#, #"1E-3"#,
        #"-2.5e+2"#, #"12345678901234567890123"#, #"9223372036854775807"#, #"0.1"#, #"1e300"#, #"1e-300"#,
        #""plain""#, #""""#, #""tab\tnew\nline\r""#, #""quote \" slash \/ back \\ \b \f""#,
        #""\u00e9\u4e2d\uD83D\uDE00""#, #""é中😀""#, #"  { "a" : [ 1 , 2 , { "b" : null } ] }  "#,
        #"{"a":1,"a":2}"#, #"[[[[[]]]]]"#, #"{"nested":{"deep":{"x":[true,false,null,"s",1.5]}}}"#,
        #"{"id":"r1","tenant":"t","request":{"kind":"chat","model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":50,"temperature":0.7}}"#,
    ]

    static let malformed: [String] = [
        "", " ", "{", "}", "[", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "1.", ".5",
        "-", "1e", "1e+", "+1", "tru", "nul", "True", "\"open", "\"bad \\x escape\"", "\"\\u12\"", "\"\\uD800\"",
        "\"\\uDC00\"", "\"\\uD800\\u0041\"", "\"raw\ncontrol\"", "{} {}", "[1] x", "NaN", "Infinity", "[1 2]",
        "{\"a\" 1}", "\u{FEFF}{}",
    ]

    @Test(arguments: valid)
    func sameValueAsJSONDecoder(_ text: String) throws {
        let data = Data(text.utf8)
        let expected = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(JSONValue.parseBytes(data) == expected)
    }

    @Test(arguments: malformed)
    func refusesMalformed(_ text: String) {
        #expect(JSONValue.parseBytes(Data(text.utf8)) == nil)
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(JSONValue.parseBytes(Data([0x22, 0xC3, 0x28, 0x22])) == nil)
        #expect(JSONValue.parseBytes(Data([0x22, 0xFF, 0x22])) == nil)
        #expect(JSONValue.parseBytes(Data([0x22, 0x5C, 0x6E, 0xFF, 0x22])) == nil)
    }

    @Test func boundsNesting() {
        let fine = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(JSONValue.parseBytes(Data(fine.utf8)) != nil)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONValue.parseBytes(Data(deep.utf8)) == nil)
    }

    @Test func numbersKeepTheirDigits() {
        #expect(JSONValue.parseBytes(Data("0.1".utf8)) == .number(Decimal(string: "0.1")!))
        #expect(JSONValue.parseBytes(Data("123456789012345678".utf8)) == .number(Decimal(123_456_789_012_345_678 as Int64)))
    }
}
