import DIMSCore
@testable import DIMSS3
import Testing

struct ListingScannerTests {
    static let page = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>lake</Name><Prefix/><KeyCount>2</KeyCount>\
        <CommonPrefixes><Prefix>raw%2Fa+b%2F</Prefix></CommonPrefixes>\
        <IsTruncated>true</IsTruncated><Contents><Key>a+b%2Bc%25%C3%A9</Key><LastModified>2024-03-01T12:30:05.000Z</LastModified>\
        <ETag>&quot;x&quot;</ETag><Size>1025</Size></Contents><Contents><Key>x%26y&amp;z</Key>\
        <LastModified>1970-01-02T00:00:00.000Z</LastModified><Size>0</Size></Contents>\
        <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>\
        <EncodingType>url</EncodingType></ListBucketResult>
        """

    func scan(_ text: String, chunk: Int) -> ListingScanner {
        var scanner = ListingScanner()
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            bytes[start..<end].withUnsafeBytes { scanner.feed($0) }
            start = end
        }
        return scanner
    }

    /// Fed one byte at a time or all at once, the scanner reads the same page.
    @Test(arguments: [1, 7, 64, 100_000])
    func pageReadsTheSameInAnyChunking(chunk: Int) throws {
        let page = try scan(Self.page, chunk: chunk).page().get()
        #expect(page.objects == [
            S3Object(key: "a b+c%é", size: 1025, lastModified: 1_709_296_205),
            S3Object(key: "x&y&z", size: 0, lastModified: 86_400),
        ])
        #expect(page.commonPrefixes == ["raw/a b/"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    /// A server that ignores `encoding-type=url` sends keys as they are, and they are kept as they are.
    @Test func keysAreDecodedOnlyWhenThePageSaysTheyAreEncoded() throws {
        let text = "<ListBucketResult><Contents><Key>a+b%20c</Key><LastModified>2024-03-01T00:00:00Z</LastModified><Size>1</Size></Contents>"
            + "<IsTruncated>false</IsTruncated></ListBucketResult>"
        #expect(try scan(text, chunk: 9).page().get().objects.map(\.key) == ["a+b%20c"])
    }

    /// Each object keeps its own storage class; one listed without a class is STANDARD.
    @Test func storageClassesAreReadPerObject() throws {
        let text = "<ListBucketResult><Contents><Key>a</Key><LastModified>2024-03-01T00:00:00Z</LastModified><Size>1</Size>"
            + "<StorageClass>GLACIER</StorageClass></Contents><Contents><Key>b</Key><LastModified>2024-03-01T00:00:00Z</LastModified>"
            + "<Size>2</Size></Contents><Contents><Key>c</Key><StorageClass>SNOW</StorageClass><LastModified>2024-03-01T00:00:00Z"
            + "</LastModified><Size>3</Size></Contents><Contents><Key>d</Key><LastModified>2024-03-01T00:00:00Z</LastModified><Size>4</Size>"
            + "<StorageClass>STANDARD</StorageClass></Contents><IsTruncated>false</IsTruncated></ListBucketResult>"
        let objects = try scan(text, chunk: 5).page().get().objects
        #expect(objects.map(\.storageClass) == [.glacier, .standard, .other("SNOW"), .standard])
        #expect(objects.map(\.storageClass.description) == ["GLACIER", "STANDARD", "SNOW", "STANDARD"])
    }

    /// An `<Error>` answered with status 200 is not an empty listing.
    @Test func errorDocumentIsNotAPage() {
        guard case .failure(let failure) = scan("<Error><Code>InternalError</Code></Error>", chunk: 4).page() else {
            Issue.record("expected a failure"); return
        }
        #expect(failure.reason == "The answer is a '<Error>' document, not a listing")
    }

    @Test func pageCutShortIsRejected() {
        let text = String(Self.page.prefix(Self.page.count / 2))
        guard case .failure(let failure) = scan(text, chunk: 50).page() else { Issue.record("expected a failure"); return }
        #expect(failure.reason == "The listing page ended before its last element")
    }

    @Test func errorDocumentGivesCodeAndMessage() {
        let scanner = scan("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Access &lt;Denied&gt;</Message></Error>", chunk: 5)
        #expect(scanner.errorCode == "AccessDenied")
        #expect(scanner.errorMessage == "Access <Denied>")
    }

    /// A body with no markup, such as a proxy's answer, stops being kept once it outgrows any element.
    @Test func bodyWithoutMarkupIsMalformedNotKept() {
        let scanner = scan("<ListBucketResult>" + String(repeating: "x", count: ListingScanner.maxElementBytes + 1), chunk: 65_536)
        guard case .failure(let failure) = scanner.page() else { Issue.record("expected a failure"); return }
        #expect(failure.reason == "The listing is not valid XML: an element longer than 1048576 bytes")
    }

    /// A negative or unreadable size and a missing or empty key make the page malformed, never a number.
    @Test(arguments: [
        ("<Key>a</Key><Size>-5</Size>", "an object size '-5' that is not a whole number of bytes"),
        ("<Key>a</Key><Size>1e3</Size>", "an object size '1e3' that is not a whole number of bytes"),
        ("<Size>5</Size>", "an object without a key, size or date"),
        ("<Key></Key><Size>5</Size>", "an object with an empty key"),
    ])
    func malformedObjectsAreRejected(contents: String, reason: String) {
        let text = "<ListBucketResult><IsTruncated>false</IsTruncated><Contents>\(contents)"
            + "<LastModified>2024-03-01T12:30:05.000Z</LastModified></Contents></ListBucketResult>"
        guard case .failure(let failure) = scan(text, chunk: 4).page() else { Issue.record("expected a failure"); return }
        #expect(failure.reason == "The listing is not valid XML: \(reason)")
    }

    @Test func mismatchedTagsAreMalformed() {
        guard case .failure(let failure) = scan("<ListBucketResult><Contents></Key></ListBucketResult>", chunk: 3).page() else {
            Issue.record("expected a failure"); return
        }
        #expect(failure.reason.contains("'</Key>' closes '<Contents>'"))
    }
}

struct DatePatternTests {
    @Test func compactPatternFindsTheFirstValidDate() throws {
        let pattern = try #require(DatePattern("%Y%m%d"))
        #expect(pattern.firstDay(in: "2023/schedule_20231015.json") == Int64(Day(year: 2023, month: 10, day: 15).daysSince1970))
        #expect(pattern.firstDay(in: "ids/99999999/20240229.json") == Int64(Day(year: 2024, month: 2, day: 29).daysSince1970))
        #expect(pattern.firstDay(in: "no-date-here.json") == nil)
    }

    @Test func separatedPatternNeedsItsSeparators() throws {
        let pattern = try #require(DatePattern("year=%Y/month=%m/day=%d"))
        #expect(pattern.firstDay(in: "pbp/year=2024/month=01/day=31/x.parquet") == Int64(Day(year: 2024, month: 1, day: 31).daysSince1970))
        #expect(pattern.firstDay(in: "pbp/2024/01/31/x.parquet") == nil)
    }

    @Test func patternWithoutDayMonthAndYearIsInvalid() {
        #expect(DatePattern("%Y%m") == nil)
        #expect(DatePattern("%Y%m%d%H") == nil)
    }
}

struct S3PlanTests {
    @Test func coverKeepsOnlyPrefixesNotStartingWithAnother() {
        #expect(S3Plan.cover(["raw/box/", "raw/", "hoopr/", "hoopr/2021", "ho", "misc"]) == ["ho", "misc", "raw/"])
        #expect(S3Plan.cover(["raw/", ""]) == [""])
    }
}

struct S3RetryPolicyTests {
    @Test func delaysDoubleWithHalfOfThemJitterUpToTheCap() {
        let policy = S3RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .milliseconds(300))
        for _ in 0..<50 {
            #expect((.milliseconds(50) ... .milliseconds(100)).contains(policy.delay(after: 1)))
            #expect((.milliseconds(100) ... .milliseconds(200)).contains(policy.delay(after: 2)))
            #expect((.milliseconds(150) ... .milliseconds(300)).contains(policy.delay(after: 6)))
        }
    }
}

struct S3WalkTests {
    /// After a first page ending in `raw/box/k9`, the rest of `raw/box/` is listed after it, then each later folder.
    @Test func splitListsTheRestOfTheLastFolderThenLaterFolders() {
        let ranges = S3Walk.split(prefix: "", after: "raw/box/k9", folders: ["misc/", "raw/", "a/", "weird/"])
        #expect(ranges == [ListingRange(prefix: "raw/", startAfter: "raw/box/k9"), ListingRange(prefix: "weird/")])
    }

    @Test func splitAfterAKeyWithoutAFolderListsOnlyLaterFolders() {
        let ranges = S3Walk.split(prefix: "data/", after: "data/m.csv", folders: ["data/a/", "data/m.csv/", "data/z/"])
        #expect(ranges == [ListingRange(prefix: "data/m.csv/"), ListingRange(prefix: "data/z/")])
    }
}
