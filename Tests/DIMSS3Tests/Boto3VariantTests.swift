import DIMSCore
import DIMSProbes
@testable import DIMSS3
import DIMSTestSupport
import Foundation
import Testing

/// One-liners with small semantic changes are either rewritten to a measure that gives the same value on the
/// seeded bucket, or left alone: a recogniser never maps what it does not fully parse.
struct Boto3VariantTests {
    enum Expected { case mapped, alone }

    static let head = "import boto3; s3 = boto3.client('s3'); p = s3.get_paginator('list_objects_v2'); "
    static let raw = "p.paginate(Bucket='nba-sim-raw-data-lake', Prefix='raw/')"
    static let objects = "for page in \(raw) for o in page.get('Contents', [])"
    static let dated = "import boto3, datetime; s3 = boto3.client('s3'); p = s3.get_paginator('list_objects_v2'); "
        + "keys = [o['Key'] for page in p.paginate(Bucket='nba-sim-raw-data-lake', Prefix='espn/schedule/') for o in page.get('Contents', [])]; "
    static let parse = "datetime.datetime.strptime(k.split('/')[-1][:8], '%Y%m%d') for k in keys"
    static let gaps = "print(sum(1 for i in range(len(dates) - 1) if (dates[i + 1] - dates[i]).days > 1))"

    static let variants: [(Expected, String)] = [
        (.mapped, head + "print(sum(1 \(objects) if o.get('Size', 0) < 1024))"),
        (.mapped, head + "print(sum(1 \(objects) if o['Size'] <= 1024))"),
        (.mapped, head + "print(sum(1 \(objects) if o['Size'] > 1024))"),
        (.mapped, head + "print(sum(1 \(objects) if o['Size'] >= 1024))"),
        (.alone, head + "print(sum(1 \(objects) if o['Size'] == 1024))"),
        (.alone, head + "print(sum(1 \(objects) if o['Size'] != 1024))"),
        (.alone, head + "print(sum(1 \(objects) if o['Size'] < 1024 and o['Key'].endswith('.json')))"),
        (.mapped, head + "print(sum(1 \(objects) if o['Key'].endswith('.json')))"),
        (.alone, head + "print(sum(1 \(objects) if o['Key'].startswith('raw/box')))"),
        (.alone, head + "print(sum(1 for page in p.paginate(Bucket='nba-sim-raw-data-lake', Prefix='raw/', Delimiter='/') for o in page.get('Contents', [])))"),
        (.alone, head + "print(sum(1 for b in ['nba-sim-raw-data-lake', 'other-bucket'] for page in p.paginate(Bucket=b) for o in page.get('Contents', [])))"),
        (.alone, head + "print(sum(1 for page in p.paginate(Bucket='nba-sim-raw-data-lake', Prefix='raw/', MaxKeys=10) for o in page.get('Contents', [])))"),
        (.alone, head + "print(sum(1 for page in p.paginate(Bucket='nba-sim-raw-data-lake', StartAfter='raw/box/') for o in page.get('Contents', [])))"),
        (.mapped, head + "print(round(sum(o['Size'] \(objects)) / 1024**3, 2))"),
        (.alone, head + "print(round(sum(o['Size'] \(objects)) / 1000**3, 2))"),
        (.mapped, head + "print(round(sum(o['Size'] \(objects)) / (1024 * 1024), 3))"),
        (.alone, head + "print(round(max(o['Size'] \(objects)) / 1024, 2))"),
        (.mapped, head + "sizes = [o['Size'] \(objects)]; print(round(sum(sizes) / len(sizes), 2))"),
        (.alone, head + "sizes = [o['Size'] \(objects)]; print(round(sum(sizes) / (len(sizes) - 1), 2))"),
        (.alone, head + "print(sum(1 \(objects) if o['Size']))"),
        (.alone, head + "print(sum(1 \(objects) if not o['Key'].endswith('.json')))"),
        (.mapped, head + "print(sum(page.get('KeyCount', 0) for page in \(raw)))"),
        (.mapped, "import boto3; s3 = boto3.client('s3'); r = s3.list_objects_v2(Bucket='nba-sim-raw-data-lake', Prefix='raw/box/'); print(r.get('KeyCount', 0))"),
        (.mapped, "import boto3; s3 = boto3.client('s3'); print(sum(o['Size'] for p in ['raw/box/', 'raw/pbp/'] "
            + "for o in s3.list_objects_v2(Bucket='nba-sim-raw-data-lake', Prefix=p).get('Contents', [])))"),
        (.alone, "import boto3; s3 = boto3.client('s3'); print(sum(o['Size'] for p in ['raw/box/', 'raw/pbp/'] "
            + "for o in s3.list_objects_v2(Bucket='nba-sim-raw-data-lake', Prefix=p + 'x').get('Contents', [])))"),
        (.mapped, dated + "dates = sorted(set(\(parse))); " + gaps),
        (.alone, dated + "dates = sorted(set(\(parse))); print(sum(1 for i in range(len(dates) - 1) if (dates[i + 1] - dates[i]).days > 2))"),
        (.alone, dated + "dates = list(set(\(parse))); " + gaps),
        (.mapped, dated + "dates = sorted(set(\(parse))); print(sum((dates[i + 1] - dates[i]).days - 1 for i in range(len(dates) - 1)))"),
        (.mapped, head + "print(sum(1 \(objects) if o['Size'] < 1024 * 1024))"),
        (.alone, head + "print(sum(1 \(objects) if o['Size'] // 1024 < 1))"),
        (.alone, head + "print(sum(2 \(objects)))"),
        // The four-prefix sum, one unpaginated call per prefix, in KB.
        (.mapped, "import boto3; s3 = boto3.client('s3'); print(round(sum(o['Size'] for p in ['raw/box/', 'raw/pbp/', 'misc/', 'espn/'] "
            + "for o in s3.list_objects_v2(Bucket='nba-sim-raw-data-lake', Prefix=p).get('Contents', [])) / 1024, 2))"),
        (.alone, "import boto3; s3 = boto3.client('s3'); print(round(sum(o['Size'] for p in ['raw/box/', 'raw/pbp/', 'misc/', 'espn/'] "
            + "for o in s3.list_objects_v2(Bucket='nba-sim-raw-data-lake', Prefix=p, Delimiter='/').get('Contents', [])) / 1024, 2))"),
        // The cost estimate and a completeness ratio: formulas over the listings' measures.
        (.mapped, head + "total = sum(o['Size'] \(objects)); print('%.2f' % (round(total / 1024**3, 2) * 0.023 + 29))"),
        (.mapped, head + "total = sum(o['Size'] \(objects)); print('%.4f' % (total / 1024**2 * 0.023 + 29))"),
        (.alone, head + "total = sum(o['Size'] \(objects)); print('%.2f' % (round(total // 1024**3, 2) * 0.023 + 29))"),
        (.alone, head + "total = sum(o['Size'] \(objects) if o['Key'] != 'x'); print('%.2f' % (round(total / 1024**3, 2) * 0.023 + 29))"),
        (.mapped, head + "a = sum(1 for page in p.paginate(Bucket='nba-sim-raw-data-lake', Prefix='raw/box/') for o in page.get('Contents', [])); "
            + "b = sum(1 \(objects)); print(round(a / b * 100, 1))"),
        (.alone, head + "a = sum(1 for page in p.paginate(Bucket='nba-sim-raw-data-lake', Prefix='raw/box/') for o in page.get('Contents', [])); "
            + "b = sum(1 \(objects)); print(round(a / (b - a) * 100, 1) if b else 0)"),
    ]

    /// The native value of a rewrite: its s3 measure, or its formula evaluated over its inputs' s3 measures.
    static func measure(_ recognized: RecognizedCommand, options: [String: ConfigValue], precision: Int?, name: String,
                        run: S3TestRun) async throws -> ProbeResult? {
        guard let text = options["formula"]?.string else {
            let spec = MetricSpec(path: MetricPath(category: "variants", name: name), source: .s3, options: options, precision: precision)
            return await run.measure([spec])[spec.path]
        }
        var specs: [MetricSpec] = []
        for (number, input) in recognized.inputs.enumerated() {
            let inputOptions = Dictionary(input.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            specs.append(MetricSpec(path: MetricPath(category: "variants", name: "\(name)_in\(number)"), source: .s3, options: inputOptions))
        }
        let inputs = await run.measure(specs)
        var values: [String: Double] = [:]
        for spec in specs {
            guard case .value(let value)? = inputs[spec.path], let number = value.number else { return inputs[spec.path] }
            values[spec.path.rawValue] = number
        }
        let formula = try Formula(text.replacing(/\$([0-9]+)/) { "variants.\(name)_in\($0.1)" })
        let number = formula.evaluate { values[$0] ?? .nan }
        return number.map { .value(.float(Value.round($0, precision: precision))) }
    }

    @Test func everyVariantIsProvenEqualOrLeftAlone() async throws {
        // A server of its own, so that the one-liners' requests never slow the shared server's timed tests.
        let server = try FixtureProcess(script: "moto_server.py", arguments: [SeededBucket.name, "1500", "-"])
        let home = TemporaryDirectory("dims-s3")
        let run = S3TestRun(endpoint: "http://127.0.0.1:\(server.port)", home: home.path)
        let recognizer = S3CommandRecognizer()
        #expect(Self.variants.count >= 30)
        let mapped = Self.variants.enumerated().filter { recognizer.recognize("python3 -c \"\($0.element.1)\"") != nil }.map(\.offset)
        for (index, (expected, code)) in Self.variants.enumerated() {
            #expect(mapped.contains(index) == (expected == .mapped), "variant \(index): \(code)")
        }
        // The one-liners run as written, in one interpreter (one boto3 import), each printing into its own buffer.
        let runner = "import contextlib, io, json, sys\nout = []\nfor code in json.load(sys.stdin):\n    buffer = io.StringIO()\n"
            + "    with contextlib.redirect_stdout(buffer):\n        exec(code, {})\n    out.append(buffer.getvalue())\nprint(json.dumps(out))\n"
        let codes = try JSONSerialization.data(withJSONObject: mapped.map { Self.variants[$0].1 })
        let original = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", runner],
                                             environment: run.environment.merging(["AWS_CONFIG_FILE": "/nonexistent"]) { $1 },
                                             input: String(decoding: codes, as: UTF8.self))
        #expect(original.status == 0, "the one-liners did not run: \(original.stderr)")
        let printed = (try? JSONSerialization.jsonObject(with: Data(original.stdout.utf8)) as? [String]) ?? []
        #expect(printed.count == mapped.count)
        for (index, output) in zip(mapped, printed) {
            let code = Self.variants[index].1
            let recognized = try #require(recognizer.recognize("python3 -c \"\(code)\""))
            let options = Dictionary(recognized.options.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let precision = options["precision"]?.integer.map(Int.init)
            let native = try await Self.measure(recognized, options: options, precision: precision, name: "v\(index)", run: run)
            guard case .value(let value)? = native, let number = value.number,
                  let command = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                Issue.record("variant \(index): the one-liner printed '\(output)', the native source gave \(String(describing: native))")
                continue
            }
            #expect(Value.round(number, precision: precision) == Value.round(command, precision: precision),
                    "variant \(index): command \(command), native \(number) for \(code)")
        }
    }
}
