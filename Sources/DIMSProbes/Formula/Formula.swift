/// Arithmetic over other metrics of the same run: numbers, metric names, `+ - * /` and parentheses.
public indirect enum Formula: Hashable, Sendable {
    case number(Double)
    case name(String)
    case negate(Formula)
    case binary(Character, Formula, Formula)

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
        }
    }

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
            return .name(String(text[start..<index]))
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

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
