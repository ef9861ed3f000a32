@testable import DIMSInventory
import Foundation
import Testing

/// The limits on a YAML text, and the one-pass bound that lets an ordinary config skip reading its events twice.
struct YAMLLimitsTests {
    static let ordinary = """
        # The inventory.
        version: "1.0.0"
        verification:
          thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15}
          stable_metrics: [a, b]
        metrics:
          code_base:
            python_files:
              source: files
              paths: ["scripts/**/*.py"]
              description: 'Python files: all of them - really'
            lines:
              - a
              - - b
                - c
            notes: |
              - - - - - text, not structure
        ---
        - one
        """

    /// Twenty levels of anchors, each two aliases of the one before: millions of nodes once expanded.
    static let aliasBomb: String = {
        var lines = ["c0: &c0 [x, x]"]
        for level in 1..<20 {
            let previous = "*c\(level - 1)"
            lines.append("c\(level): &c\(level) [\(previous), \(previous)]")
        }
        return lines.joined(separator: "\n")
    }()

    /// Texts past a limit: flow brackets, compact sequences, indented maps, indentless sequences, an alias bomb.
    static let refused: [String] = {
        var texts: [String] = []
        texts.append(String(repeating: "[", count: 70) + String(repeating: "]", count: 70))
        texts.append(String(repeating: "- ", count: 70) + "x")
        var indented: [String] = []
        for level in 0..<70 { indented.append(String(repeating: " ", count: level) + "k\(level):") }
        texts.append(indented.joined(separator: "\n") + " x")
        var indentless: [String] = []
        for level in 0..<40 {
            let indent = String(repeating: " ", count: 2 * level)
            indentless.append(indent + "k\(level):")
            indentless.append(indent + "-")
        }
        texts.append(indentless.joined(separator: "\n"))
        texts.append(aliasBomb)
        return texts
    }()

    /// Texts past a limit are refused, and the bound never vouches for one of them.
    @Test(arguments: refused)
    func refusedTextsAreNeverVouchedFor(text: String) {
        #expect(throws: InventoryFileError.self) { try YAMLLimits.checkEvents(text, file: "x.yaml") }
        #expect(!YAMLLimits.provablyWithin(Array(text.utf8)))
        #expect(throws: InventoryFileError.self) { try YAMLLimits.check(text, file: "x.yaml") }
    }

    /// An ordinary config is vouched for; tabs, anchors, lone carriage returns and non-ASCII bytes are read by libyaml.
    @Test func ordinaryConfigsSkipTheEvents() throws {
        #expect(YAMLLimits.provablyWithin(Array(Self.ordinary.utf8)))
        try YAMLLimits.checkEvents(Self.ordinary, file: "x.yaml")
        #expect(YAMLLimits.provablyWithin(Array(Self.ordinary.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
        for variant in ["a:\n\t- b", "a: &x 1", "a:\r  b: 1", "a: é", "\u{FEFF}a: 1", "a:\u{2028}  b: 1"] {
            #expect(!YAMLLimits.provablyWithin(Array(variant.utf8)), "\(variant)")
        }
        #expect(!YAMLLimits.provablyWithin(Array(String(repeating: "a: 1\n", count: 10_000).utf8)))
    }

    /// Just inside and just outside the depth by compact sequences, indentation and flow brackets together.
    @Test func theBoundOnlyOverCounts() throws {
        for depth in [1, 5, 10, 20, 31, 32, 33, 64, 65] {
            let compact = String(repeating: "- ", count: depth) + "x"
            let flows = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let indented = (0..<depth).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x"
            for text in [compact, flows, indented] where YAMLLimits.provablyWithin(Array(text.utf8)) {
                #expect(throws: Never.self, "\(text)") { try YAMLLimits.checkEvents(text, file: "x.yaml") }
            }
        }
    }
}
