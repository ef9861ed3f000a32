@testable import DIMSInventory
import Foundation
import Testing

/// The hand-written plain-scalar types against PyYAML's own regular expressions (YAML 1.1 implicit resolvers).
struct PlainScalarTests {
    /// PyYAML's resolvers in its order, as regular expressions: the reference the matchers must agree with.
    static let reference: [(PlainScalar.Kind, NSRegularExpression)] = [
        (.boolean, "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
        (.float, #"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"#
            + #"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"#),
        (.integer, #"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"#),
        (.null, #"~|null|Null|NULL|"#),
        (.timestamp, #"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"#
            + #"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"#),
        (.special, "<<|="),
    ].map { kind, pattern in (kind, try! NSRegularExpression(pattern: "^(?:\(pattern))$")) }

    static func expected(_ text: String) -> PlainScalar.Kind {
        let range = NSRange(text.startIndex..., in: text)
        return reference.first { $0.1.firstMatch(in: text, range: range) != nil }?.0 ?? .string
    }

    @Test func typicalScalarsGetPyYAMLsTypes() {
        let cases: [(String, PlainScalar.Kind)] = [
            ("yes", .boolean), ("Off", .boolean), ("tRue", .string), ("1.5", .float), ("-1.", .float), (".5e+3", .float),
            ("1e5", .string), ("1.0e5", .string), ("1.0e+5", .float), ("190:20:30.15", .float), ("+.inf", .float), (".NaN", .float),
            ("-.nan", .string), ("+.5", .string), ("+.5.", .string), ("0", .integer), ("-0b101", .integer), ("0x_fF", .integer),
            ("017", .integer), ("018", .string), ("1_000", .integer), ("190:20:30", .integer), ("0:30", .string), ("~", .null),
            ("", .null), ("2025-10-01", .timestamp), ("2025-1-01", .string), ("2001-12-14t21:59:43.10-05:00", .timestamp),
            ("2001-12-14 21:59:43.10 ", .string), ("2001-12-14 21:59:43 Z", .timestamp), ("<<", .special), ("=", .special),
            ("1 month ago", .string), ("héllo", .string), ("1.5\u{0663}", .string),
        ]
        for (text, kind) in cases {
            #expect(PlainScalar.kind(of: text) == kind, "'\(text)'")
            #expect(Self.expected(text) == kind, "reference disagrees on '\(text)'")
        }
    }

    /// Random short texts over the characters the expressions care about.
    @Test func randomTextsMatchTheRegularExpressions() {
        let alphabet = Array("0123456789_.:-+eEbxXaAfFtTZ \tinfINFnaNulo~<=y5")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40_000 {
            let length = Int.random(in: 0...14, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(PlainScalar.kind(of: text) == Self.expected(text), "'\(text)'")
        }
        for prefix in ["2025-10-01", "2025-1-1", "12:30:45", "0b1", "0x", "+.", ".", "1.5e"] {
            for _ in 0..<2_000 {
                let tail = String((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                let text = prefix + tail
                #expect(PlainScalar.kind(of: text) == Self.expected(text), "'\(text)'")
            }
        }
    }
}
