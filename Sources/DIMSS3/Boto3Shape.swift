internal import DIMSCore

/// One shape of boto3 one-liner that a native `s3` metric reproduces, written as Python with placeholders.
///
/// Placeholders: `'$BUCKET'`, `'$PREFIX'`, `'$SUFFIX'`, `'$DATEFMT'`, `['$PREFIXES']`, and the numbers `7777`
/// (a size threshold), `9999` (a divisor), `5555` (the digits of `round`) and `6666` (the width of a date).
/// A one-liner is recognised only when its canonical tokens equal a shape's token for token, so an extra
/// filter, another operator, a `Delimiter` or a second bucket never matches.
struct Boto3Shape {
    enum Measure { case count, size, averageSize, dateGaps, missingDays }
    enum Condition: CaseIterable { case none, suffix, below, atMost, above, atLeast }

    var measure: Measure
    var condition: Condition
    var paginated: Bool
    var tokens: PythonTokens

    /// What the placeholders of a matching one-liner hold.
    struct Captures {
        var strings: [String: String] = [:]
        var numbers: [Double: Double] = [:]
        var prefixes: [String]?
    }

    /// The captures when `code` has this shape; nil otherwise.
    func match(_ code: PythonTokens) -> Captures? {
        guard code.tokens.count == tokens.tokens.count else { return nil }
        var captures = Captures()
        for (shape, token) in zip(tokens.tokens, code.tokens) {
            switch (shape, token) {
            case (.string(let placeholder), .string(let text)) where placeholder.hasPrefix("$"):
                guard captures.strings[placeholder].map({ $0 == text }) ?? true else { return nil }
                captures.strings[placeholder] = text
            case (.number(let placeholder), .number(let value)) where Self.numberPlaceholders.contains(placeholder):
                guard captures.numbers[placeholder].map({ $0 == value }) ?? true else { return nil }
                captures.numbers[placeholder] = value
            case (.strings(["$PREFIXES"]), .strings(let items)):
                captures.prefixes = items
            default:
                guard shape == token else { return nil }
            }
        }
        return captures
    }

    static let numberPlaceholders: Set<Double> = [7777, 9999, 5555, 6666]

    // MARK: - The shapes

    /// Every shape, built once from the pieces below.
    static let all: [Boto3Shape] = build()

    private static func build() -> [Boto3Shape] {
        var shapes: [Boto3Shape] = []
        func add(_ code: String, _ measure: Measure, _ condition: Condition, paginated: Bool) {
            guard let tokens = PythonTokens(code) else { preconditionFailure("A boto3 shape does not read: \(code)") }
            shapes.append(Boto3Shape(measure: measure, condition: condition, paginated: paginated, tokens: tokens))
        }
        let client = "s3 = boto3.client('s3'); "
        let conditions: [(Condition, String)] = [
            (.none, ""), (.suffix, " if o['Key'].endswith('$SUFFIX')"),
            (.below, " if o['Size'] < 7777"), (.atMost, " if o['Size'] <= 7777"),
            (.above, " if o['Size'] > 7777"), (.atLeast, " if o['Size'] >= 7777"),
        ]
        // (preamble, iteration over objects `o`, paginated, pages expression for page-wise counts)
        var sources: [(String, String, Bool, String?)] = []
        for prefix in ["", ", Prefix='$PREFIX'"] {
            let call = "s3.get_paginator('list_objects_v2').paginate(Bucket='$BUCKET'\(prefix))"
            let paginate = "p.paginate(Bucket='$BUCKET'\(prefix))"
            let pageVariants = [
                ("p = s3.get_paginator('list_objects_v2'); pages = \(paginate); ", "pages"),
                ("p = s3.get_paginator('list_objects_v2'); ", paginate),
                ("", call),
            ]
            for (preamble, pages) in pageVariants {
                sources.append((preamble, "for page in \(pages) for o in page.get('Contents', [])", true, pages))
            }
            let list = "s3.list_objects_v2(Bucket='$BUCKET'\(prefix))"
            sources.append(("r = \(list); ", "for o in r.get('Contents', [])", false, nil))
            sources.append(("", "for o in \(list).get('Contents', [])", false, nil))
        }
        sources.append(("", "for p in ['$PREFIXES'] for o in s3.list_objects_v2(Bucket='$BUCKET', Prefix=p).get('Contents', [])", false, nil))
        sources.append(("", "for p in ['$PREFIXES'] for page in s3.get_paginator('list_objects_v2').paginate(Bucket='$BUCKET', Prefix=p) "
                            + "for o in page.get('Contents', [])", true, nil))

        for (preamble, iteration, paginated, pages) in sources {
            let head = "import boto3; " + client + preamble
            for (condition, filter) in conditions {
                let objects = iteration + filter
                add(head + "print(sum(1 \(objects)))", .count, condition, paginated: paginated)
                add(head + "keys = [o['Key'] \(objects)]; print(len(keys))", .count, condition, paginated: paginated)
                add(head + "print(sum(o['Size'] \(objects)))", .size, condition, paginated: paginated)
                add(head + "print(round(sum(o['Size'] \(objects)) / 9999, 5555))", .size, condition, paginated: paginated)
                add(head + "sizes = [o['Size'] \(objects)]; print(round(sum(sizes) / len(sizes), 5555))", .averageSize, condition, paginated: paginated)
                add(head + "sizes = [o['Size'] \(objects)]; print(round(sum(sizes) / len(sizes) / 9999, 5555))", .averageSize, condition, paginated: paginated)
            }
            if let pages {
                add(head + "print(sum(len(page.get('Contents', [])) for page in \(pages)))", .count, .none, paginated: true)
                add(head + "print(sum(page.get('KeyCount', 0) for page in \(pages)))", .count, .none, paginated: true)
            } else if preamble.hasPrefix("r = ") {
                add(head + "print(len(r.get('Contents', [])))", .count, .none, paginated: false)
                add(head + "print(r.get('KeyCount', 0))", .count, .none, paginated: false)
                add(head + "print(r['KeyCount'])", .count, .none, paginated: false)
            }
            let dated = "import boto3, datetime; " + client + preamble + "keys = [o['Key'] \(iteration)]; "
            let parse = "datetime.datetime.strptime(k.split('/')[-1][:6666], '$DATEFMT') for k in keys"
            let gaps = "print(sum(1 for i in range(len(dates) - 1) if (dates[i + 1] - dates[i]).days > 1))"
            add(dated + "dates = sorted(set(\(parse))); " + gaps, .dateGaps, .none, paginated: paginated)
            add(dated + "dates = sorted(\(parse)); " + gaps, .dateGaps, .none, paginated: paginated)
            add(dated + "dates = sorted(set(\(parse))); print(sum((dates[i + 1] - dates[i]).days - 1 for i in range(len(dates) - 1)))",
                .missingDays, .none, paginated: paginated)
        }
        return shapes
    }
}

extension DatePattern {
    /// The length of a date written in `format` (`%Y%m%d` is 8 characters).
    static func width(of format: String) -> Int {
        var width = 0
        var directive = false
        for character in format {
            if directive {
                width += character == "Y" ? 4 : character == "%" ? 1 : 2
                directive = false
            } else if character == "%" {
                directive = true
            } else {
                width += 1
            }
        }
        return width
    }
}
