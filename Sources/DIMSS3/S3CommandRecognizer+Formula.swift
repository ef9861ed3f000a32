internal import DIMSCore

extension S3CommandRecognizer {
    /// Recognises boto3 one-liners that compute a number from one or more listings, such as a cost estimate
    /// (`total = sum(o['Size'] for …); print('%.2f' % (round(total / 1024**3, 2) * 0.023 + 29))`) or a ratio
    /// (`a = sum(1 for … 'raw/box/' …); b = sum(1 for … 'raw/' …); print(round(a / b * 100, 1))`).
    ///
    /// Each assignment must be a listing `Boto3Shape` on its own, and the printed expression plain arithmetic
    /// (`+ - * /`, parentheses, `round(x, n)`) over those variables and numbers. The result is a `formula`
    /// whose `$0`, `$1`, … stand for the `inputs`, the native measures of the listings, in order;
    /// `ConfigMigrator` replaces them with the config's metrics that measure them.
    static func recognizeFormula(_ command: String) -> RecognizedCommand? {
        guard let match = command.wholeMatch(of: /python3? -c "([^"]*)"/), let code = PythonTokens(String(match.1)) else { return nil }
        typealias Token = PythonTokens.Token
        let statements = code.tokens.split(separator: .op(";"), omittingEmptySubsequences: false).map(Array.init)
        guard statements.count >= 2, let printed = statements.last, printed.count > 3, printed[0] == .name("print"), printed[1] == .op("("),
              printed.last == .op(")") else { return nil }
        var setup: [[Token]] = []
        var variables: [String: Int] = [:]
        var inputs: [[(key: String, value: ConfigValue)]] = []
        var notes: [String] = []
        for statement in statements.dropLast() {
            guard statement.count > 2, case .name(let variable) = statement[0], statement[1] == .op("="),
                  [Token.name("sum"), .name("len")].contains(statement[2]) else {
                // Set-up (imports, the client, a paginator) must not read a listing's result.
                guard !statement.contains(where: { if case .name(let name) = $0 { variables[name] != nil } else { false } }) else { return nil }
                setup.append(statement)
                continue
            }
            guard variables[variable] == nil else { return nil }
            let alone = (setup + [[.name("print"), .op("(")] + statement[2...] + [.op(")")]]).joined(separator: [.op(";")])
            guard let measure = recognizeShape(PythonTokens(renaming: Array(alone))),
                  !measure.options.contains(where: { ["unit", "precision"].contains($0.key) }) else { return nil }
            variables[variable] = inputs.count
            inputs.append(measure.options)
            notes += measure.notes.filter { !notes.contains($0) }
        }
        guard !inputs.isEmpty else { return nil }
        var expression = Array(printed[2..<(printed.count - 1)])
        var options: [(key: String, value: ConfigValue)] = []
        if expression.count > 2, case .string(let format) = expression[0], expression[1] == .op("%") {
            guard let digits = format.wholeMatch(of: /%\.([0-9]{1,2})f/).flatMap({ Int($0.1) }) else { return nil }
            options.append(("precision", .integer(Int64(digits))))
            expression.removeFirst(2)
        }
        while expression.first == .op("("), expression.last == .op(")"), closes(expression) { expression = Array(expression.dropFirst().dropLast()) }
        guard let text = formulaText(expression, variables: variables), variables.values.allSatisfy({ text.contains("$\($0)") }) else { return nil }
        return RecognizedCommand(options: [("source", .string("formula")), ("formula", .string(text))] + options, notes: notes, inputs: inputs)
    }

    /// Whether the `(` that opens `tokens` is closed by its last token, so the parentheses enclose the whole.
    private static func closes(_ tokens: [PythonTokens.Token]) -> Bool {
        var depth = 0
        for (index, token) in tokens.enumerated() {
            if token == .op("(") { depth += 1 } else if token == .op(")") { depth -= 1 }
            if depth == 0 { return index == tokens.count - 1 }
        }
        return false
    }

    /// Python arithmetic as formula text: variables become `$N`, and only what a formula computes the same way is read.
    private static func formulaText(_ tokens: [PythonTokens.Token], variables: [String: Int]) -> String? {
        var text = ""
        var depth = 0
        var roundDepths: [Int] = []
        for (index, token) in tokens.enumerated() {
            switch token {
            case .name("round"):
                guard index + 1 < tokens.count, tokens[index + 1] == .op("(") else { return nil }
                text += "round"
                roundDepths.append(depth + 1)
            case .name(let name):
                guard let input = variables[name] else { return nil }
                text += "$\(input)"
            case .number(let value):
                guard value.isFinite else { return nil }
                text += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            case .op("("):
                depth += 1
                text += "("
            case .op(")"):
                guard depth > 0 else { return nil }
                if roundDepths.last == depth { roundDepths.removeLast() }
                depth -= 1
                text += ")"
            case .op(","):
                // Only round's digits follow a comma: a whole number, then its closing parenthesis.
                guard roundDepths.last == depth, index + 2 < tokens.count, case .number(let digits) = tokens[index + 1],
                      digits >= 0, digits <= 15, digits == digits.rounded(), tokens[index + 2] == .op(")") else { return nil }
                text += ", "
            case .op(let op) where ["+", "-", "*", "/"].contains(op):
                text += " \(op) "
            default:
                return nil
            }
        }
        guard depth == 0 else { return nil }
        return text.replacing("( ", with: "(").replacing("  ", with: " ").trimmed
    }
}
