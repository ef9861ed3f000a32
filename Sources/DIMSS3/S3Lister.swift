internal import Curl
internal import Foundation

/// Lists the objects of one bucket under one prefix with ListObjectsV2, page by page, retrying what S3 says may pass.
struct S3Lister: Sendable {
    var settings: S3Settings
    var bucket: String
    var retry: S3RetryPolicy
    var timeouts: S3Timeouts
    /// The handles whose connections the run's requests reuse.
    var session: CurlSession
    /// The regions S3 said buckets are in, shared by the run's listings.
    var regions: S3BucketRegions

    /// The SHA-256 of an empty body, which S3 wants in `x-amz-content-sha256` for a GET.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The key of this bucket at this endpoint in the run's region memo.
    var regionKey: String { "\(settings.endpoint) \(bucket)" }

    /// Lists every page of `range`, starting after `token` when given, calling `onPage` with each as it arrives.
    func list(_ range: ListingRange, after token: String? = nil, onPage: (ListingPage) -> Void) async throws(S3Error) {
        var token = token
        // A token seen before would list the same pages again, forever.
        var seen: Set<String> = token.map { [$0] } ?? []
        repeat {
            let page = try await fetchPage(range, token: token)
            onPage(page)
            token = page.isTruncated ? page.nextContinuationToken : nil
            if let next = token, !seen.insert(next).inserted {
                throw S3Error(code: .malformedListing, message: "Listing 's3://\(bucket)/\(range.prefix)' stopped: page \(seen.count + 1) "
                                  + "repeats an earlier continuation token, so the listing would never end")
            }
        } while token != nil
    }

    /// Fetches one page, trying again after a pause while the failure may pass, up to `retry.maxAttempts`.
    func fetchPage(_ range: ListingRange, token: String?) async throws(S3Error) -> ListingPage {
        let prefix = range.prefix
        var attempt = 1
        var moved = false
        while true {
            if Task.isCancelled {
                throw S3Error(code: .transport, message: "Listing 's3://\(bucket)/\(prefix)' was cancelled")
            }
            let settings = regions[regionKey].map(self.settings.inRegion) ?? self.settings
            switch await fetchOnce(range, token: token, settings: settings) {
            case .success(let page): return page
            case .failure(let failure):
                if !moved, let region = failure.bucketRegion, region != settings.region {
                    regions[regionKey] = region
                    moved = true
                    continue
                }
                guard failure.retryable, attempt < retry.maxAttempts else {
                    let tries = attempt == 1 ? "" : " after \(attempt) attempts"
                    let error = S3Error(code: failure.error.code,
                                        message: "Listing 's3://\(bucket)/\(prefix)' failed\(tries): \(failure.error.message)",
                                        serviceCode: failure.error.serviceCode)
                    throw error.redacting(settings.credentials.secrets)
                }
                await retry.sleep(retry.delay(after: attempt))
                attempt += 1
            }
        }
    }

    /// Makes one request for one page.
    func fetchOnce(_ range: ListingRange, token: String?, settings: S3Settings) async -> Result<ListingPage, AttemptFailure> {
        let sink = PageSink()
        let response: CurlResponse
        do {
            response = try await session.perform(request(range, token: token, settings: settings)) { chunk in
                sink.feed(chunk)
                return true
            }
        } catch {
            let retryable = [.timedOut, .couldNotConnect, .transferFailed].contains(error.code)
            return .failure(AttemptFailure(error: S3Error(code: .transport, message: error.message), retryable: retryable))
        }
        let scanner = sink.scanner
        guard response.status == 200, scanner.errorCode == nil else {
            let serviceCode = scanner.errorCode ?? "HTTP \(response.status)"
            let detail = scanner.errorMessage.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            var message = detail.map { "\(serviceCode): \($0)" } ?? "\(serviceCode) (HTTP status \(response.status))"
            let region = response.header("x-amz-bucket-region") ?? scanner.errorRegion
            if let region, region != settings.region {
                message += ". The bucket is in the region '\(region)', not '\(settings.region)'"
            }
            let retryable = [500, 502, 503, 504].contains(response.status)
                || ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable"].contains(serviceCode)
            return .failure(AttemptFailure(error: S3Error(code: .service, message: message, serviceCode: scanner.errorCode),
                                           retryable: retryable, bucketRegion: region))
        }
        return scanner.page().mapError {
            AttemptFailure(error: S3Error(code: .malformedListing, message: $0.reason), retryable: true)
        }
    }

    /// The signed GET of one page; the query's parameters are in sorted order, as SigV4 canonicalises them.
    func request(_ range: ListingRange, token: String?, settings: S3Settings) -> CurlRequest {
        var query: [(String, String)] = []
        if let token { query.append(("continuation-token", token)) }
        if range.delimited { query.append(("delimiter", "/")) }
        query.append(("encoding-type", "url"))
        query.append(("list-type", "2"))
        if !range.prefix.isEmpty { query.append(("prefix", range.prefix)) }
        if let startAfter = range.startAfter { query.append(("start-after", startAfter)) }
        let queryString = query.map { "\($0.0)=\(Self.uriEncode($0.1))" }.joined(separator: "&")
        var headers = ["x-amz-content-sha256: \(Self.emptyPayloadHash)"]
        if let sessionToken = settings.credentials.sessionToken { headers.append("x-amz-security-token: \(sessionToken)") }
        let credentials = settings.credentials
        return CurlRequest(url: settings.listURL(bucket: bucket, query: queryString), headers: headers,
                           userPassword: "\(credentials.accessKeyID):\(credentials.secretAccessKey)",
                           awsSigV4: "aws:amz:\(settings.region):s3",
                           connectTimeout: timeouts.connect, stallTimeout: timeouts.stall, totalTimeout: timeouts.total)
    }

    /// Encodes `text` as SigV4's canonical query wants it: every byte but `A-Z a-z 0-9 - _ . ~` as `%XX`.
    ///
    /// libcurl 7.88 signs the query exactly as given, so parameters go in sorted order and already encoded.
    static func uriEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// One failed attempt, and whether trying again may help.
struct AttemptFailure: Error {
    var error: S3Error
    var retryable: Bool
    /// The region S3 says the bucket is in, when it answered that the request went to the wrong one.
    var bucketRegion: String?
}
