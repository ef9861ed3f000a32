import DIMSCore
import DIMSS3
import Testing

struct S3CommandRecognizerTests {
    let recognizer = S3CommandRecognizer()

    func options(_ command: String) -> ConfigValue? {
        recognizer.recognize(command).map { ConfigValue.map($0.options) }
    }

    func expected(_ pairs: [(String, ConfigValue)]) -> ConfigValue {
        .map(pairs.map { (key: $0.0, value: $0.1) })
    }

    @Test func recursiveListingPipedToWordCountIsAnObjectCount() {
        let command = "aws s3 ls s3://nba-sim-raw-data-lake/hoopr_parquet/ --recursive 2>/dev/null | wc -l | tr -d ' '"
        #expect(options(command) == expected([("source", .string("s3")), ("bucket", .string("nba-sim-raw-data-lake")),
                                              ("prefix", .string("hoopr_parquet/")), ("measure", .string("count"))]))
        #expect(recognizer.recognize(command)?.notes == [])
    }

    @Test func grepCountOfAnExtensionIsASuffixCountWithANote() throws {
        let command = "aws s3 ls s3://nba-sim-raw-data-lake/hoopr_parquet/ --recursive 2>/dev/null | grep -c '.parquet' || echo 0"
        let recognized = try #require(recognizer.recognize(command))
        #expect(ConfigValue.map(recognized.options) == expected([
            ("source", .string("s3")), ("bucket", .string("nba-sim-raw-data-lake")), ("prefix", .string("hoopr_parquet/")),
            ("suffix", .string(".parquet")), ("measure", .string("count")),
        ]))
        #expect(recognized.notes == [
            "The original's grep '.parquet' matched 's3://nba-sim-raw-data-lake/hoopr_parquet/' itself, so it counted every key there; "
                + "dims counts keys ending in '.parquet'",
            "Dropped '|| echo 0': a failed listing is now an error instead of 0",
        ])
        let elsewhere = try #require(recognizer.recognize("aws s3 ls s3://lake/raw/ --recursive | grep -c '.json'"))
        #expect(elsewhere.notes == ["The original counted listing lines matching '.json' anywhere; dims counts keys ending in '.json'"])
    }

    @Test func anchoredGrepIsAnExactSuffixAndCLIFlagsBecomeSettings() throws {
        let command = "aws s3 ls --recursive s3://raw/logs/ --profile data --region eu-west-1 | grep '\\.json$' | wc -l"
        let recognized = try #require(recognizer.recognize(command))
        #expect(ConfigValue.map(recognized.options) == expected([
            ("source", .string("s3")), ("bucket", .string("raw")), ("prefix", .string("logs/")), ("suffix", .string(".json")),
            ("measure", .string("count")), ("profile", .string("data")), ("region", .string("eu-west-1")),
        ]))
        #expect(recognized.notes.isEmpty)
    }

    @Test func summarizeTotalsAndAwkSumsAreCountsAndSizes() {
        let objects = "aws s3 ls s3://lake/raw/ --recursive --summarize | grep 'Total Objects:' | awk '{print $3}'"
        #expect(options(objects) == expected([("source", .string("s3")), ("bucket", .string("lake")), ("prefix", .string("raw/")),
                                              ("measure", .string("count"))]))
        let size = "aws s3 ls s3://lake --recursive --summarize | grep \"Total Size\" | awk '{print $3}'"
        #expect(options(size) == expected([("source", .string("s3")), ("bucket", .string("lake")), ("measure", .string("size"))]))
        let sum = "aws s3 ls s3://lake/raw/ --recursive | awk '{ total += $3 } END { print total }'"
        #expect(options(sum) == expected([("source", .string("s3")), ("bucket", .string("lake")), ("prefix", .string("raw/")),
                                          ("measure", .string("size"))]))
        #expect(recognizer.recognize("aws s3 ls s3://lake --recursive --summarize | wc -l") == nil)
        #expect(recognizer.recognize("aws s3 ls s3://lake --recursive | awk '{ total += $3 } END { print total/1024 }'") == nil)
    }

    @Test func paginatedBoto3CountIsAnObjectCount() throws {
        let command = #"python3 -c "import boto3; s3 = boto3.client('s3'); paginator = s3.get_paginator('list_objects_v2'); pages = paginator.paginate(Bucket='nba-sim-raw-data-lake'); print(sum(len(page.get('Contents', [])) for page in pages))" 2>/dev/null || echo 0"#
        let recognized = try #require(recognizer.recognize(command))
        #expect(ConfigValue.map(recognized.options) == expected([
            ("source", .string("s3")), ("bucket", .string("nba-sim-raw-data-lake")), ("measure", .string("count")),
        ]))
        #expect(recognized.notes == ["Dropped '|| echo 0': a failed listing is now an error instead of 0"])
    }

    @Test func paginatedBoto3SizeInGigabytesKeepsUnitAndPrecision() {
        let command = #"python3 -c "import boto3; s3 = boto3.client('s3'); paginator = s3.get_paginator('list_objects_v2'); pages = paginator.paginate(Bucket='nba-sim-raw-data-lake'); print(round(sum(obj['Size'] for page in pages for obj in page.get('Contents', [])) / 1024 / 1024 / 1024, 2))" 2>/dev/null || echo 0.0"#
        #expect(options(command) == expected([
            ("source", .string("s3")), ("bucket", .string("nba-sim-raw-data-lake")), ("measure", .string("size")),
            ("unit", .string("GB")), ("precision", .integer(2)),
        ]))
    }

    /// A single `list_objects_v2` call saw only the first 1,000 keys; the rewrite says it now counts them all.
    @Test func unpaginatedBoto3CallIsNotedAsCappedAtOneThousandKeys() throws {
        let command = #"python3 -c "import boto3; s3 = boto3.client('s3'); r = s3.list_objects_v2(Bucket='lake', Prefix='espn/'); print(len(r.get('Contents', [])))" 2>/dev/null || echo 0"#
        let recognized = try #require(recognizer.recognize(command))
        #expect(ConfigValue.map(recognized.options) == expected([
            ("source", .string("s3")), ("bucket", .string("lake")), ("prefix", .string("espn/")), ("measure", .string("count")),
        ]))
        #expect(recognized.notes.first?.contains("first 1,000 keys") == true)
    }

    @Test func sizeThresholdAndAverageOneLinersAreRecognised() {
        let small = #"python3 -c "import boto3; s3 = boto3.client('s3'); r = s3.list_objects_v2(Bucket='lake', Prefix='raw/'); print(sum(1 for o in r.get('Contents', []) if o['Size'] < 1024 * 1024))" 2>/dev/null || echo 0"#
        #expect(options(small) == expected([
            ("source", .string("s3")), ("bucket", .string("lake")), ("prefix", .string("raw/")),
            ("max_size", .integer(1_048_575)), ("measure", .string("count")),
        ]))
        let average = #"python3 -c "import boto3; s3 = boto3.client('s3'); r = s3.list_objects_v2(Bucket='lake'); sizes = [o['Size'] for o in r.get('Contents', [])]; print(round(sum(sizes) / len(sizes) / 1024 / 1024, 2))" 2>/dev/null || echo 0"#
        #expect(options(average) == expected([
            ("source", .string("s3")), ("bucket", .string("lake")), ("measure", .string("avg_size")),
            ("unit", .string("MB")), ("precision", .integer(2)),
        ]))
    }

    /// What cannot be mapped exactly stays a command, and its `|| echo 0` earns a warning.
    @Test func unmappableCommandsStayCommandsWithAWarning() {
        let commands = [
            "aws s3 ls s3://lake/ | wc -l",
            "aws s3 ls s3://lake/ --recursive --summarize | tail -1",
            "aws s3 ls s3://lake/ --recursive | grep -v tmp | wc -l",
            #"python3 -c "import boto3; s3 = boto3.client('s3'); r = s3.list_objects_v2(Bucket='lake'); print(max(o['LastModified'] for o in r['Contents']))" || echo 0"#,
            "find . -name '*.py' | wc -l",
        ]
        for command in commands { #expect(recognizer.recognize(command) == nil, "\(command)") }
        #expect(S3CommandRecognizer.warning(for: commands[3])?.contains("|| echo 0") == true)
        #expect(S3CommandRecognizer.warning(for: commands[4]) == nil)
    }

    /// The age of the newest or oldest object: `sort` then `tail -1` or `head -1`, in whole days, hours or minutes.
    @Test func sortedListingAgesAreNewestAndOldestAges() {
        func age(_ pick: String, _ divisor: Int, sort: String = "sort") -> String {
            #"echo $(( ($(date +%s) - $(date -d "$(aws s3 ls s3://lake/raw/ --recursive | "# + sort + " | " + pick
                + #" | awk '{print $1" "$2}')" +%s)) / "# + String(divisor) + " ))"
        }
        #expect(options(age("tail -1", 86400)) == expected([("source", .string("s3")), ("bucket", .string("lake")), ("prefix", .string("raw/")),
                                                             ("measure", .string("newest_age")), ("unit", .string("days"))]))
        #expect(options(age("head -1", 3600))?["measure"] == .string("oldest_age"))
        #expect(options(age("head -1", 3600))?["unit"] == .string("hours"))
        #expect(options(age("head -n 1", 60, sort: "sort -r"))?["measure"] == .string("newest_age"))
        // Without sort the last line is the last key, not the newest object; other divisors and sorts are not ages in whole units.
        #expect(options(age("tail -1", 86400, sort: "cat")) == nil)
        #expect(options(age("tail -1", 86400, sort: "sort -k3")) == nil)
        #expect(options(age("tail -1", 86401)) == nil)
        #expect(options(age("tail -2", 86400)) == nil)
    }

    /// A cost estimate over a listing's size is a formula whose input is that size, with the price constants and rounding kept.
    @Test func costAndRatioOneLinersAreFormulasOverTheirListings() throws {
        let head = "import boto3; s3 = boto3.client('s3'); p = s3.get_paginator('list_objects_v2'); "
        let all = "for page in p.paginate(Bucket='lake') for o in page.get('Contents', [])"
        let cost = try #require(recognizer.recognize(#"python3 -c ""# + head + "total = sum(o['Size'] \(all)); "
            + #"print('%.2f' % (round(total / 1024**3, 2) * 0.023 + 29))""#))
        #expect(ConfigValue.map(cost.options) == expected([("source", .string("formula")),
                                                          ("formula", .string("round($0 / 1073741824, 2) * 0.023 + 29")), ("precision", .integer(2))]))
        #expect(cost.inputs.map { ConfigValue.map($0) } == [expected([("source", .string("s3")), ("bucket", .string("lake")), ("measure", .string("size"))])])
        let box = "for page in p.paginate(Bucket='lake', Prefix='raw/box/') for o in page.get('Contents', [])"
        let raw = "for page in p.paginate(Bucket='lake', Prefix='raw/') for o in page.get('Contents', [])"
        let ratio = try #require(recognizer.recognize(#"python3 -c ""# + head + "a = sum(1 \(box)); b = sum(1 \(raw)); print(round(a / b * 100, 1))\""))
        #expect(ratio.options.first { $0.key == "formula" }?.value == .string("round($0 / $1 * 100, 1)"))
        #expect(ratio.inputs.map { ConfigValue.map($0)["prefix"] } == [.string("raw/box/"), .string("raw/")])
        // Floor division, a modulo, a listing with a Delimiter, or a name that is not a listing: left alone.
        for code in [
            head + "total = sum(o['Size'] \(all)); print(total // 1024**3 * 0.023)",
            head + "total = sum(o['Size'] \(all)); print(total % 7)",
            head + "a = sum(1 for page in p.paginate(Bucket='lake', Prefix='raw/', Delimiter='/') for o in page.get('Contents', [])); b = sum(1 \(raw)); print(a / b)",
            head + "a = sum(1 \(box)); print(a / c * 100)",
            head + "a = sum(1 \(box)); print('%d' % (a * 2))",
            head + "a = max(o['Size'] \(box)); print(a * 2)",
        ] {
            #expect(recognizer.recognize(#"python3 -c ""# + code + "\"") == nil, "\(code)")
        }
    }
}
