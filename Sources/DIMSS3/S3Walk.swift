internal import Curl
internal import DIMSCore

/// Makes the listings of a plan, at most `concurrency` requests at a time, and tallies every object once.
///
/// Each range of keys starts with one plain page. A range that needs more pages is split after that page's
/// last key: one listing with the `/` delimiter finds the folders that follow, and each folder becomes a range
/// of its own, listed concurrently and split again in turn (up to `maxSplitDepth` levels), so a large bucket is
/// listed in parallel while a small one costs a single request. A split costs one request per 1,000 keys or more.
struct S3Walk: Sendable {
    /// One unit of listing work: a range of keys of one listing of the plan, `depth` splits below its prefix.
    struct Work: Sendable {
        var listing: Int
        var range: ListingRange
        var depth: Int
    }

    /// How many folder levels a range is split through at most.
    static let maxSplitDepth = 3

    enum Outcome: Sendable {
        case tallied(listing: Int, [S3Tally], more: [Work])
        case failed(listing: Int, S3Error)
    }

    var plan: S3Plan
    var retry: S3RetryPolicy
    var timeouts: S3Timeouts
    var concurrency: Int
    var session: CurlSession
    var regions = S3BucketRegions()
    /// Whether metrics that add up over objects keep their parts by top-level prefix, for breakdowns.
    var breakdowns = false

    /// The tallies of each listing of the plan (one per metric of the listing), or the error that stopped it.
    func run(progress: S3Progress) async -> [Result<[S3Tally], S3Error>] {
        var results: [Result<[S3Tally], S3Error>] = plan.listings.map { .success(Array(repeating: S3Tally(), count: $0.metrics.count)) }
        var queue = plan.listings.indices.map { Work(listing: $0, range: ListingRange(prefix: plan.listings[$0].prefix), depth: 0) }
        await withTaskGroup(of: Outcome.self) { group in
            var running = 0
            func fill() {
                while running < concurrency, !queue.isEmpty {
                    let work = queue.removeFirst()
                    guard case .success = results[work.listing] else { continue }
                    group.addTask { await perform(work, progress: progress) }
                    running += 1
                }
            }
            fill()
            while let outcome = await group.next() {
                running -= 1
                switch outcome {
                case .tallied(let listing, let found, let more):
                    if case .success(var tallies) = results[listing] {
                        for index in tallies.indices { tallies[index].merge(found[index]) }
                        results[listing] = .success(tallies)
                        queue.append(contentsOf: more)
                    }
                case .failed(let listing, let error):
                    if case .success = results[listing] { results[listing] = .failure(error) }
                }
                fill()
            }
        }
        return results
    }

    func perform(_ work: Work, progress: S3Progress) async -> Outcome {
        let listing = plan.listings[work.listing]
        let group = plan.groups[listing.group]
        let lister = S3Lister(settings: group.settings, bucket: group.bucket, retry: retry, timeouts: timeouts, session: session,
                              regions: regions)
        var tallies = [S3Tally](repeating: S3Tally(), count: listing.metrics.count)
        // Taken out of the metrics once, not for each object: copying a query for each object costs more than using it.
        let filters = listing.metrics.map(\.query.filter), measures = listing.metrics.map(\.query.measure)
        let partAfter = listing.metrics.map { breakdowns && $0.query.measure.addsUp ? $0.query.filter.prefix.utf8.count : nil }
        func feed(_ page: ListingPage) {
            for object in page.objects {
                for index in filters.indices where filters[index].matches(object) {
                    if let length = partAfter[index] {
                        tallies[index].add(object, for: measures[index], partAfter: length)
                    } else {
                        tallies[index].add(object, for: measures[index])
                    }
                }
            }
            progress.add(bucket: group.bucket, objects: page.objects.count)
        }
        do throws(S3Error) {
            let first = try await lister.fetchPage(work.range, token: nil)
            feed(first)
            guard first.isTruncated else { return .tallied(listing: work.listing, tallies, more: []) }
            guard work.depth < Self.maxSplitDepth, let last = first.objects.last?.key else {
                try await lister.list(work.range, after: first.nextContinuationToken, onPage: feed)
                return .tallied(listing: work.listing, tallies, more: [])
            }
            var folders: [String] = []
            try await lister.list(ListingRange(prefix: work.range.prefix, startAfter: last, delimited: true)) { page in
                feed(page)
                folders += page.commonPrefixes
            }
            let more = Self.split(prefix: work.range.prefix, after: last, folders: folders).map {
                Work(listing: work.listing, range: $0, depth: work.depth + 1)
            }
            return .tallied(listing: work.listing, tallies, more: more)
        } catch {
            return .failed(listing: work.listing, error)
        }
    }

    /// The ranges that hold the keys under `prefix` after `last` that sit in a folder, given the folders a delimited
    /// listing after `last` reported: the rest of `last`'s own folder, then every later folder.
    static func split(prefix: String, after last: String, folders: [String]) -> [ListingRange] {
        var ranges: [ListingRange] = []
        var floor = last
        let rest = last.utf8.dropFirst(prefix.utf8.count)
        if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
            let folder = String(decoding: last.utf8[..<last.utf8.index(after: slash)], as: UTF8.self)
            ranges.append(ListingRange(prefix: folder, startAfter: last))
            floor = folder
        }
        for folder in Set(folders).sorted(by: precedesInS3Order) where precedesInS3Order(floor, folder) {
            ranges.append(ListingRange(prefix: folder))
        }
        return ranges
    }

    /// Whether `a` sorts before `b` in S3's order, the order of their UTF-8 bytes.
    static func precedesInS3Order(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
