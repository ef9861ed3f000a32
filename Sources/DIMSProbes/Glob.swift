/// A compiled shell glob: `*` and `?` stay inside one folder, `**` spans folders, `[...]` is a set.
///
/// A pattern without `/` matches a file's name, as `find -name` does; one with `/` matches the path
/// as `find` prints it without a leading `./`: the `paths` entry joined with the path below it.
public struct Glob: Hashable, Sendable {
    enum Token: Hashable, Sendable {
        case byte(UInt8), one, star, globstar, globstarSlash
        case set([ClosedRange<UInt8>], negated: Bool)
    }
    enum Shape: Hashable, Sendable { case exact([UInt8]), suffix([UInt8]), prefix([UInt8]), general }

    public let pattern: String
    /// Whether the pattern matches the name rather than the path.
    public let matchesName: Bool
    let tokens: [Token]
    let shape: Shape

    public init(_ pattern: String) {
        self.pattern = pattern
        let bytes = Array(pattern.utf8)
        matchesName = !bytes.contains(UInt8(ascii: "/"))
        tokens = Glob.tokenize(bytes)
        shape = Glob.shape(of: tokens)
    }

    /// Whether `text` (a name or a path, as `matchesName` says) matches.
    public func matches(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { matches(UnsafeBufferPointer($0)) }
    }

    func matches(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .exact(let lit): return s.count == lit.count && s.elementsEqual(lit)
        case .suffix(let lit):
            guard s.count >= lit.count, !s.contains(UInt8(ascii: "/")) else { return false }
            return s[(s.count - lit.count)...].elementsEqual(lit)
        case .prefix(let lit):
            guard s.count >= lit.count, !s[lit.count...].contains(UInt8(ascii: "/")) else { return false }
            return s[..<lit.count].elementsEqual(lit)
        case .general: return match(0, s, 0)
        }
    }

    private func match(_ start: Int, _ s: UnsafeBufferPointer<UInt8>, _ from: Int) -> Bool {
        let slash = UInt8(ascii: "/")
        var p = start, i = from
        while p < tokens.count {
            switch tokens[p] {
            case .byte(let c):
                guard i < s.count, s[i] == c else { return false }
            case .one:
                guard i < s.count, s[i] != slash else { return false }
            case .set(let ranges, let negated):
                guard i < s.count, s[i] != slash, ranges.contains(where: { $0.contains(s[i]) }) != negated else { return false }
            case .star:
                var k = i
                while true {
                    if match(p + 1, s, k) { return true }
                    if k == s.count || s[k] == slash { return false }
                    k += 1
                }
            case .globstar:
                if p + 1 == tokens.count { return true }
                for k in i...s.count where match(p + 1, s, k) { return true }
                return false
            case .globstarSlash:
                if match(p + 1, s, i) { return true }
                for k in i..<s.count where s[k] == slash && match(p + 1, s, k + 1) { return true }
                return false
            }
            p += 1
            i += 1
        }
        return i == s.count
    }

    // MARK: - Compiling

    static func tokenize(_ b: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "*"):
                if i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                    let atSegmentStart = i == 0 || b[i - 1] == UInt8(ascii: "/")
                    var j = i
                    while j < b.count, b[j] == UInt8(ascii: "*") { j += 1 }
                    if atSegmentStart, j < b.count, b[j] == UInt8(ascii: "/") {
                        tokens.append(.globstarSlash)
                        i = j + 1
                    } else {
                        tokens.append(.globstar)
                        i = j
                    }
                    continue
                }
                tokens.append(.star)
            case UInt8(ascii: "?"): tokens.append(.one)
            case UInt8(ascii: "\\") where i + 1 < b.count:
                i += 1
                tokens.append(.byte(b[i]))
            case UInt8(ascii: "["):
                if let (set, end) = parseSet(b, from: i) {
                    tokens.append(set)
                    i = end
                } else {
                    tokens.append(.byte(c))
                }
            default: tokens.append(.byte(c))
            }
            i += 1
        }
        return tokens
    }

    /// Parses `[...]` starting at `start`; returns the set and the index of its `]`.
    static func parseSet(_ b: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < b.count, b[i] == UInt8(ascii: "!") || b[i] == UInt8(ascii: "^") { negated = true; i += 1 }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "]"), !first { return (.set(ranges, negated: negated), i) }
            first = false
            if i + 2 < b.count, b[i + 1] == UInt8(ascii: "-"), b[i + 2] != UInt8(ascii: "]") {
                if c <= b[i + 2] { ranges.append(c...b[i + 2]) }
                i += 3
            } else {
                ranges.append(c...c)
                i += 1
            }
        }
        return nil
    }

    static func shape(of tokens: [Token]) -> Shape {
        func literal(_ t: ArraySlice<Token>) -> [UInt8]? {
            var out: [UInt8] = []
            for token in t { guard case .byte(let c) = token else { return nil }; out.append(c) }
            return out
        }
        if let lit = literal(tokens[...]) { return .exact(lit) }
        let slash = UInt8(ascii: "/")
        if tokens.first == .star, let lit = literal(tokens.dropFirst()), !lit.contains(slash) { return .suffix(lit) }
        if tokens.last == .star, let lit = literal(tokens.dropLast()), !lit.contains(slash) { return .prefix(lit) }
        return .general
    }
}
