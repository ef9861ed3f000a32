import DIMSCore
@testable import DIMSInventory
import Testing

/// The expected texts are what PyYAML 6 writes for `yaml.dump({'k': value}, default_flow_style=False)`.
struct YAMLEmitterTests {
    @Test(arguments: [
        ("plain text", "k: plain text"), ("", "k: ''"), (" lead", "k: ' lead'"), ("trail ", "k: 'trail '"),
        ("yes", "k: 'yes'"), ("No", "k: 'No'"), ("on", "k: 'on'"), ("null", "k: 'null'"), ("~", "k: '~'"),
        ("123", "k: '123'"), ("1.5", "k: '1.5'"), ("1e5", "k: 1e5"), ("1.0e+5", "k: '1.0e+5'"), ("0x1F", "k: '0x1F'"),
        ("017", "k: '017'"), ("1_000", "k: '1_000'"), ("2025-10-22", "k: '2025-10-22'"),
        ("2025-10-22 14:03:11", "k: '2025-10-22 14:03:11'"), ("1.0.0", "k: 1.0.0"), ("- dash", "k: '- dash'"),
        ("-dash", "k: -dash"), (":colon", "k: :colon"), ("a: b", "k: 'a: b'"), ("a:b", "k: a:b"), ("a #b", "k: 'a #b'"),
        ("a#b", "k: a#b"), ("#hash", "k: '#hash'"), ("it's", "k: it's"), ("\"dq\"", "k: '\"dq\"'"), ("a, b", "k: a, b"),
        ("[x]", "k: '[x]'"), ("{x}", "k: '{x}'"), ("*star", "k: '*star'"), ("&amp", "k: '&amp'"), ("!bang", "k: '!bang'"),
        ("|pipe", "k: '|pipe'"), (">gt", "k: '>gt'"), ("%pc", "k: '%pc'"), ("@at", "k: '@at'"), ("`bt", "k: '`bt'"),
        ("?q", "k: ?q"), ("? q", "k: '? q'"), ("---", "k: '---'"), ("...x", "k: '...x'"), ("tab\there", "k: \"tab\\there\""),
        ("two  spaces", "k: two  spaces"), ("=", "k: '='"), ("<<", "k: '<<'"),
        ("http://example.com/a?b=c&d", "k: http://example.com/a?b=c&d"), ("C:\\path", "k: C:\\path"),
        ("ctrl\u{01}char", "k: \"ctrl\\x01char\""),
        (String(repeating: "a ", count: 50), "k: '" + String(repeating: "a ", count: 38) + "a\n  " + String(repeating: "a ", count: 11) + "'"),
        ("line\nbreak", "k: 'line\n\n  break'"), ("a\n\nb", "k: 'a\n\n\n  b'"), ("trailing\n", "k: 'trailing\n\n  '"),
        ("it's\nok", "k: 'it''s\n\n  ok'"),
        (String(repeating: "x'", count: 45) + " end", "k: " + String(repeating: "x'", count: 45) + "\n  end"),
    ])
    func stringsAreQuotedAndFoldedAsPyYAMLDoes(text: String, expected: String) {
        #expect(YAMLEmitter.entry("k", .string(text), indent: 0).joined(separator: "\n") == expected)
    }

    @Test(arguments: [
        "plain", "", " ", "  lead and trail  ", "yes", "null", "~", "0o17", "1e5", "- x", "a: b", "a #b", "it's 'quoted'", "\"dq\"",
        "line\nbreak", "a\n\n b \n", "\n", "tab\t", "ctrl\u{01}\u{7F}", "back\\slash", "naïve ✅ 数据", "mid\u{FEFF}bom", "=", "<<",
        String(repeating: "word ", count: 40), String(repeating: "x", count: 200), "café " + String(repeating: "é ", count: 60),
        String(repeating: "a\n b ", count: 30),
    ])
    func everyStringReadsBackAsWritten(text: String) throws {
        let metric = ConfigValue.map([(key: "value", value: .string(text))])
        let yaml = YAMLEmitter.entry("g", .map([(key: "m", value: metric), (key: "k'ey: #1", value: metric)]), indent: 0)
            .joined(separator: "\n") + "\n"
        let document = try MetricsDocument(text: yaml, file: "m.yaml")
        #expect(document["g.m"]?.value == .string(text))
        #expect(document["g.k'ey: #1"]?.value == .string(text))
        let flow = "g: " + YAMLEmitter.flowText(.map([(key: "m", value: .map([(key: "value", value: .string(text))]))])) + "\n"
        #expect(try MetricsDocument(text: flow, file: "m.yaml")["g.m"]?.value == .string(text))
    }

    @Test(arguments: [
        (118.26, "118.26"), (24.0, "24.0"), (1e16, "1.0e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"),
        (0.00001, "1.0e-05"), (1.5e-7, "1.5e-07"), (-2.5, "-2.5"), (123_456_789.125, "123456789.125"), (1e300, "1.0e+300"),
        (3.14159265358979, "3.14159265358979"), (Double.infinity, ".inf"), (-Double.infinity, "-.inf"), (0.1 + 0.2, "0.30000000000000004"),
    ])
    func floatsAreWrittenAsPythonReprs(value: Double, expected: String) {
        #expect(YAMLEmitter.entry("k", .float(value), indent: 0) == ["k: \(expected)"])
    }

    @Test func nestedListsAndMapsUsePyYAMLBlockLayout() {
        let list: ConfigValue = .list([
            .integer(1), .string("a"), .map([(key: "x", value: .integer(1)), (key: "y", value: .list([.integer(2), .integer(3)]))]),
            .list([.integer(4), .integer(5)]), .map([]), .list([]),
        ])
        let map: ConfigValue = .map([(key: "n", value: .map([(key: "o", value: .integer(1))]))])
        let text = (YAMLEmitter.entry("k", list, indent: 0) + YAMLEmitter.entry("m", map, indent: 0)).joined(separator: "\n") + "\n"
        #expect(text == "k:\n- 1\n- a\n- x: 1\n  y:\n  - 2\n  - 3\n- - 4\n  - 5\n- {}\n- []\nm:\n  n:\n    o: 1\n")
    }

    @Test func timesAreWrittenAsPythonIsoformat() throws {
        let time = Timestamp(micros: 1_761_141_791_123_456)
        #expect(PythonFormat.isoformat(time) == "2025-10-22T14:03:11.123456")
        #expect(PythonFormat.isoformat(Timestamp(seconds: 86_399)) == "1970-01-01T23:59:59")
        #expect(PythonFormat.isoformat(Timestamp(micros: -1)) == "1969-12-31T23:59:59.999999")
    }
}
