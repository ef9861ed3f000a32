import Foundation

/// Arithmetic over other metrics of the same run: numbers, metric names, `+ - * /`, parentheses and `round(x, digits)`.
public indirect enum Formula: Hashable, Sendable {
    case number(Double)
    case name(String)
    case negate(Formula)
    case binary(Character, Formula, Formula)
    /// `round(x, digits)`: rounded as Python rounds, so a rewritten one-liner keeps its value.
    case round(Formula, digits: Int)

    /// Reads a formula such as `s3_storage.total_size_gb * 0.023 + 29`.
    public init(_ text: String) throws(ProbeError) {
        guard text.count <= Formula.maximumLength else {
            throw ProbeError(code: .invalidFormula, message: "Formula cannot be read: it is \(text.count) characters long, more than \(Formula.maximumLength)")
        }
        var parser = Parser(text: Array(text))
        self = try parser.expression()
        parser.skipSpaces()
        guard parser.index == parser.text.count else { throw parser.error("unexpected '\(parser.text[parser.index])'") }
    }

    /// Every metric name the formula uses, in order of first use.
    public var names: [String] {
        switch self {
        case .number: []
        case .name(let name): [name]
        case .negate(let inner): inner.names
        case .binary(_, let left, let right): left.names + right.names.filter { !left.names.contains($0) }
        case .round(let inner, _): inner.names
        }
    }

    /// The formula's value, with each name's value from `lookup`; nil when it divides by zero.
    public func evaluate(_ lookup: (String) -> Double) -> Double? {
        switch self {
        case .number(let value): return value
        case .name(let name): return lookup(name)
        case .negate(let inner): return inner.evaluate(lookup).map { -$0 }
        case .binary(let op, let left, let right):
            guard let a = left.evaluate(lookup), let b = right.evaluate(lookup) else { return nil }
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return b == 0 ? nil : a / b
            }
        case .round(let inner, let digits):
            return inner.evaluate(lookup).map { Formula.round($0, digits: digits) }
        }
    }

    /// `value` rounded to `digits` decimals from its exact binary value, ties to even: Python's `round(value, digits)`.
    public static func round(_ value: Double, digits: Int) -> Double {
        guard value.isFinite else { return value }
        return Double(String(format: "%.\(digits)f", value)) ?? value
    }

    /// The most decimals `round` takes.
    public static let maximumDigits = 15

    /// The deepest nesting of parentheses and signs a formula may have.
    public static let maximumDepth = 100
    /// The longest formula text, in characters.
    public static let maximumLength = 10_000

    struct Parser {
        let text: [Character]
        var index = 0
        var depth = 0

        mutating func expression() throws(ProbeError) -> Formula {
            var left = try term()
            while let op = take(["+", "-"]) { left = .binary(op, left, try term()) }
            return left
        }

        mutating func term() throws(ProbeError) -> Formula {
            var left = try factor()
            while let op = take(["*", "/"]) { left = .binary(op, left, try factor()) }
            return left
        }

        mutating func factor() throws(ProbeError) -> Formula {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Formula.maximumDepth else { throw error("it nests more than \(Formula.maximumDepth) levels deep") }
            if take(["-"]) != nil { return .negate(try factor()) }
            if take(["+"]) != nil { return try factor() }
            if take(["("]) != nil {
                let inner = try expression()
                guard take([")"]) != nil else { throw error("missing ')'") }
                return inner
            }
            skipSpaces()
            let start = index
            if index < text.count, text[index].isNumber || text[index] == "." {
                while index < text.count, text[index].isNumber || text[index] == "." || text[index] == "_" { index += 1 }
                let literal = String(text[start..<index]).replacingOccurrences(of: "_", with: "")
                guard let value = Double(literal) else { throw error("'\(literal)' is not a number") }
                guard value.isFinite, value < 1e300 else { throw error("'\(literal)' is too large") }
                return .number(value)
            }
            while index < text.count, text[index].isLetter || text[index] == "_" || (index > start && (text[index].isNumber || text[index] == ".")) {
                index += 1
            }
            guard index > start else { throw error(index < text.count ? "unexpected '\(text[index])'" : "it ends too early") }
            let name = String(text[start..<index])
            if name == "round", take(["("]) != nil { return try roundCall() }
            return .name(name)
        }

        /// The rest of `round(x)` or `round(x, digits)`, after its `(`.
        mutating func roundCall() throws(ProbeError) -> Formula {
            let inner = try expression()
            var digits = 0
            if take([","]) != nil {
                skipSpaces()
                let start = index
                while index < text.count, text[index].isASCII, text[index].isNumber { index += 1 }
                guard let value = Int(String(text[start..<index])), value <= Formula.maximumDigits else {
                    throw error("round takes a whole number of digits from 0 to \(Formula.maximumDigits)")
                }
                digits = value
            }
            guard take([")"]) != nil else { throw error("missing ')' after round's arguments") }
            return .round(inner, digits: digits)
        }

        mutating func take(_ ops: Set<Character>) -> Character? {
            skipSpaces()
            guard index < text.count, ops.contains(text[index]) else { return nil }
            index += 1
            return text[index - 1]
        }

        mutating func skipSpaces() {
            while index < text.count, text[index].isWhitespace { index += 1 }
        }

        func error(_ reason: String) -> ProbeError {
            let shown = text.count > 80 ? String(text.prefix(77)) + "..." : String(text)
            return ProbeError(code: .invalidFormula, message: "Formula '\(shown)' cannot be read: \(reason)")
        }
    }
}
