/// Reads a ListObjectsV2 answer (or an S3 `<Error>`) as a stream of bytes, one chunk at a time.
///
/// A hand-written scanner rather than FoundationXML's `XMLParser`: on Linux, `XMLParser` reads either a whole
/// `Data` or an `InputStream`, and libcurl pushes chunks to a callback, so streaming into it would need a
/// pipe and a second thread. ListObjectsV2 uses a handful of leaf elements without attributes that matter,
/// so the scanner keeps only the unread tail of the last chunk and the objects of the current page (at most
/// `max-keys`), which keeps memory flat in the size of the bucket.
struct ListingScanner: Sendable {
    private(set) var objects: [S3Object] = []
    private(set) var commonPrefixes: [String] = []
    private(set) var isTruncated = false
    private(set) var nextContinuationToken: String?
    private(set) var errorCode: String?
    private(set) var errorMessage: String?
    /// The `<Region>` of an error about the bucket's region.
    private(set) var errorRegion: String?
    /// Whether the root element has closed: a page without it was cut short.
    private(set) var isComplete = false
    /// The name of the root element: `ListBucketResult` for a page, `Error` for an error.
    private(set) var root: String?
    /// Whether `<EncodingType>url</EncodingType>` said keys and prefixes are URL-encoded.
    private(set) var isURLEncoded = false
    /// Why the document could not be read, when it could not.
    private(set) var malformation: String?

    private var pending: [UInt8] = []
    private var path: [String] = []
    private var text: [UInt8] = []
    private var key: String?
    private var size: Int64?
    private var lastModified: Int64?
    private var storageClass: S3StorageClass = .standard

    init() {}

    /// Reads the next chunk of the body.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard malformation == nil else { return }
        pending.append(contentsOf: chunk)
        var index = 0
        let count = pending.count
        while index < count {
            guard let open = pending[index...].firstIndex(of: UInt8(ascii: "<")) else {
                text.append(contentsOf: pending[index...])
                index = count
                break
            }
            text.append(contentsOf: pending[index..<open])
            guard let close = pending[open...].firstIndex(of: UInt8(ascii: ">")) else {
                index = open
                break
            }
            tag(pending[(open + 1)..<close])
            index = close + 1
        }
        pending.removeFirst(index)
        if text.count > Self.maxElementBytes || pending.count > Self.maxElementBytes {
            malformed("an element longer than \(Self.maxElementBytes) bytes")
        }
    }

    /// The longest text or tag kept while waiting for its end; no element of a listing comes near it.
    static let maxElementBytes = 1 << 20

    private mutating func tag(_ bytes: ArraySlice<UInt8>) {
        guard let first = bytes.first else { return malformed("an empty tag") }
        if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { return }
        if first == UInt8(ascii: "/") {
            let name = String(decoding: bytes.dropFirst(), as: UTF8.self)
            guard path.last == name else { return malformed("'</\(name)>' closes '<\(path.last ?? "")>'") }
            close(name)
            path.removeLast()
            if path.isEmpty { isComplete = true }
            return
        }
        let selfClosing = bytes.last == UInt8(ascii: "/")
        let body = selfClosing ? bytes.dropLast() : bytes
        let end = body.firstIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") } ?? body.endIndex
        let name = String(decoding: body[..<end], as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        if path.isEmpty, root == nil { root = name }
        if selfClosing { return }
        path.append(name)
    }

    private mutating func close(_ name: String) {
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        switch (parent, name) {
        case ("Contents", "Key"):
            key = XMLText.decode(text)
            if key == nil { return malformed("a key that is not UTF-8") }
        case ("Contents", "Size"):
            let written = String(decoding: text, as: UTF8.self)
            guard let number = Int64(written), number >= 0 else {
                let shown = written.count > 40 ? String(written.prefix(40)) + "..." : written
                return malformed("an object size '\(shown)' that is not a whole number of bytes")
            }
            size = number
        case ("Contents", "LastModified"): lastModified = XMLText.epochSeconds(text)
        case ("Contents", "StorageClass"):
            // The common names are compared as bytes: no string is made for them.
            storageClass = text.elementsEqual("STANDARD".utf8) ? .standard : S3StorageClass(String(decoding: text, as: UTF8.self))
        case (_, "Contents"):
            guard let key, let size, let lastModified else { return malformed("an object without a key, size or date") }
            guard !key.isEmpty else { return malformed("an object with an empty key") }
            objects.append(S3Object(key: key, size: size, lastModified: lastModified, storageClass: storageClass))
            (self.key, self.size, self.lastModified, self.storageClass) = (nil, nil, nil, .standard)
        case ("CommonPrefixes", "Prefix"):
            guard let prefix = XMLText.decode(text) else { return malformed("a common prefix that is not UTF-8") }
            commonPrefixes.append(prefix)
        case ("ListBucketResult", "EncodingType"): isURLEncoded = String(decoding: text, as: UTF8.self) == "url"
        case ("ListBucketResult", "IsTruncated"): isTruncated = String(decoding: text, as: UTF8.self) == "true"
        case ("ListBucketResult", "NextContinuationToken"): nextContinuationToken = XMLText.decode(text)
        case ("Error", "Code"): errorCode = XMLText.decode(text)
        case ("Error", "Message"): errorMessage = XMLText.decode(text)
        case ("Error", "Region"): errorRegion = XMLText.decode(text)
        default: break
        }
        text.removeAll(keepingCapacity: true)
    }

    private mutating func malformed(_ reason: String) {
        if malformation == nil { malformation = "The listing is not valid XML: \(reason)" }
    }

    /// The page read, with keys decoded when the page says they are URL-encoded, or why it cannot be trusted.
    func page() -> Result<ListingPage, ListingScannerFailure> {
        if let malformation { return .failure(ListingScannerFailure(reason: malformation)) }
        guard isComplete else { return .failure(ListingScannerFailure(reason: "The listing page ended before its last element")) }
        guard root == "ListBucketResult" else {
            return .failure(ListingScannerFailure(reason: "The answer is a '<\(root ?? "")>' document, not a listing"))
        }
        if isTruncated, nextContinuationToken == nil {
            return .failure(ListingScannerFailure(reason: "The listing page is truncated but has no continuation token"))
        }
        var page = ListingPage(objects: objects, commonPrefixes: commonPrefixes, isTruncated: isTruncated,
                               nextContinuationToken: nextContinuationToken)
        guard isURLEncoded else { return .success(page) }
        for index in page.objects.indices {
            guard let key = XMLText.formDecode(page.objects[index].key) else {
                return .failure(ListingScannerFailure(reason: "The key '\(page.objects[index].key)' is not valid URL encoding"))
            }
            page.objects[index].key = key
        }
        for index in page.commonPrefixes.indices {
            guard let prefix = XMLText.formDecode(page.commonPrefixes[index]) else {
                return .failure(ListingScannerFailure(reason: "The prefix '\(page.commonPrefixes[index])' is not valid URL encoding"))
            }
            page.commonPrefixes[index] = prefix
        }
        return .success(page)
    }
}

/// A listing page that was cut short or could not be read.
struct ListingScannerFailure: Error, Hashable {
    var reason: String
}
