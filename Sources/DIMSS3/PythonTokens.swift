/// The tokens of a Python one-liner in a canonical form, for matching it against known shapes exactly.
///
/// Variable names are renamed `v0`, `v1`, … in order of first use, so two one-liners that differ only in their
/// variable names read the same; the names in `vocabulary` (builtins, boto3's methods, keywords) stay as written,
/// so a different function or keyword never matches. Constant products fold (`1024 ** 3`, `1024 * 1024`,
/// `/ 1024 / 1024`), and `o.get('Size', 0)` reads as `o['Size']`, which is the same for every listed object.
struct PythonTokens: Equatable {
    enum Token: Equatable {
        case name(String)
        case string(String)
        case number(Double)
        /// A list literal of strings only: `['a/', 'b/']`.
        case strings([String])
        case op(String)
    }

    static let vocabulary: Set<String> = [
        "import", "from", "as", "for", "in", "if", "else", "and", "or", "not", "is", "lambda", "None", "True", "False",
        "boto3", "datetime", "client", "resource", "get_paginator", "paginate", "list_objects_v2", "list_objects", "get",
        "print", "sum", "len", "round", "min", "max", "sorted", "set", "range", "int", "float", "str", "abs", "list",
        "endswith", "startswith", "split", "strptime", "days", "total_seconds", "timestamp", "now", "utcnow", "today",
        "Bucket", "Prefix", "Delimiter", "MaxKeys", "StartAfter", "ContinuationToken", "PaginationConfig", "region_name", "endpoint_url",
    ]

    var tokens: [Token]

    /// Reads `code`; nil when it has anything the tokenizer does not know (escapes, f-strings, comments, backslashes).
    init?(_ code: String) {
        guard let raw = PythonTokens.tokenize(Array(code)) else { return nil }
        tokens = PythonTokens.fold(PythonTokens.rename(PythonTokens.lists(PythonTokens.sizeGets(raw))))
    }

    init(tokens: [Token]) { self.tokens = tokens }

    /// Tokens already read, with their variables renamed again in order of first use: a part of a one-liner read on its own.
    init(renaming tokens: [Token]) { self.tokens = PythonTokens.rename(tokens) }

    private static func tokenize(_ chars: [Character]) -> [Token]? {
        var out: [Token] = []
        var i = 0
        let operators = ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "<", ">", "(", ")", "[", "]", ",", ":", ".", "=", ";"]
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "'" || c == "\"" {
                guard let end = chars[(i + 1)...].firstIndex(of: c) else { return nil }
                let text = String(chars[(i + 1)..<end])
                guard !text.contains("\\") else { return nil }
                // An f-, r- or b-prefixed string has its prefix as the previous name token.
                if case .name(let prefix)? = out.last, ["f", "r", "b", "u", "rb", "br", "fr", "rf"].contains(prefix.lowercased()) { return nil }
                out.append(.string(text))
                i = end + 1
                continue
            }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "_" || chars[j] == "e" || chars[j] == "E"
                    || ((chars[j] == "+" || chars[j] == "-") && (chars[j - 1] == "e" || chars[j - 1] == "E")) { j += 1 }
                guard let value = Double(String(chars[i..<j]).filter { $0 != "_" }) else { return nil }
                out.append(.number(value))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                out.append(.name(String(chars[i..<j])))
                i = j
                continue
            }
            guard let op = operators.first(where: { op in
                i + op.count <= chars.count && String(chars[i..<(i + op.count)]) == op
            }) else { return nil }
            out.append(.op(op))
            i += op.count
        }
        return out
    }

    /// `x.get('Size', 0)` → `x['Size']`: every object of a listing has a size.
    private static func sizeGets(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        var i = 0
        let shape: [Token] = [.op("."), .name("get"), .op("("), .string("Size"), .op(","), .number(0), .op(")")]
        while i < tokens.count {
            if i + shape.count <= tokens.count, Array(tokens[i..<(i + shape.count)]) == shape {
                out += [.op("["), .string("Size"), .op("]")]
                i += shape.count
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out
    }

    /// `['a', 'b']` → one `.strings` token.
    private static func lists(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < tokens.count {
            if tokens[i] == .op("["), !(out.last.map(isOperand) ?? false) {
                var items: [String] = []
                var j = i + 1
                var expectItem = true
                while j < tokens.count {
                    if expectItem, case .string(let text) = tokens[j] { items.append(text); expectItem = false }
                    else if !expectItem, tokens[j] == .op(",") { expectItem = true }
                    else { break }
                    j += 1
                }
                if j < tokens.count, tokens[j] == .op("]"), !items.isEmpty {
                    out.append(.strings(items))
                    i = j + 1
                    continue
                }
            }
            out.append(tokens[i])
            i += 1
        }
        return out
    }

    /// Whether a token ends an operand, so that a `[` after it subscripts it.
    private static func isOperand(_ token: Token) -> Bool {
        switch token {
        case .name(let name): return !["in", "for", "if", "and", "or", "not", "import", "return", "else"].contains(name)
        case .string, .number, .strings: return true
        case .op(let op): return op == ")" || op == "]"
        }
    }

    static func rename(_ tokens: [Token]) -> [Token] {
        var names: [String: String] = [:]
        return tokens.enumerated().map { index, token in
            guard case .name(let name) = token, !vocabulary.contains(name) else { return token }
            // An attribute keeps its name (`.paginate`); only free names are variables.
            if index > 0, tokens[index - 1] == .op(".") { return token }
            if let renamed = names[name] { return .name(renamed) }
            let renamed = "v\(names.count)"
            names[name] = renamed
            return .name(renamed)
        }
    }

    /// Folds constant arithmetic that only scales: `N ** N`, `(N)`, `N * N` (not after `/`), and `/ N / N`.
    private static func fold(_ input: [Token]) -> [Token] {
        var tokens = input
        var changed = true
        while changed {
            changed = false
            var i = 0
            while i < tokens.count {
                let before = i > 0 ? tokens[i - 1] : nil
                if i + 2 < tokens.count, case .number(let a) = tokens[i], case .number(let b) = tokens[i + 2] {
                    let op = tokens[i + 1]
                    let after = i + 3 < tokens.count ? tokens[i + 3] : nil
                    if op == .op("**"), before != .op("**"), b >= 0, b < 16, b == b.rounded() {
                        tokens.replaceSubrange(i...(i + 2), with: [.number(pow(a, Int(b)))])
                        changed = true
                        continue
                    }
                    if op == .op("*"), after != .op("**"), ![Token.op("/"), .op("//"), .op("%"), .op("**"), .op("-")].contains(before) {
                        tokens.replaceSubrange(i...(i + 2), with: [.number(a * b)])
                        changed = true
                        continue
                    }
                }
                if i + 3 < tokens.count, tokens[i] == .op("/"), case .number(let a) = tokens[i + 1], tokens[i + 2] == .op("/"),
                   case .number(let b) = tokens[i + 3], i + 4 >= tokens.count || ![Token.op("**"), .op("*")].contains(tokens[i + 4]) {
                    tokens.replaceSubrange(i...(i + 3), with: [.op("/"), .number(a * b)])
                    changed = true
                    continue
                }
                if i + 2 < tokens.count, tokens[i] == .op("("), case .number = tokens[i + 1], tokens[i + 2] == .op(")"),
                   !(before.map(isOperand) ?? false) {
                    tokens.replaceSubrange(i...(i + 2), with: [tokens[i + 1]])
                    changed = true
                    continue
                }
                i += 1
            }
        }
        return tokens
    }

    private static func pow(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { result, _ in result * base }
    }
}
