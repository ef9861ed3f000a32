import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/events`: Server-Sent Events telling open pages that the log grew. The log's last seq is read every
/// `pollMilliseconds` (one short read transaction: the last key of `events`), whoever appended; an `appended`
/// event carries the new seq, and the page fetches what it shows again. A comment every 15 s keeps proxies open.
struct EventFeed {
    let source: any DashboardSource
    let pollMilliseconds: Int

    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        let source = self.source
        let interval = max(10, pollMilliseconds)
        let body = ResponseBody { writer in
            var last = (try? source.lastSeq()) ?? 0
            try await writer.write(ByteBuffer(string: "retry: 1000\nevent: appended\ndata: {\"last_seq\": \(last)}\n\n"))
            var quiet = 0
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(interval))
                let seq = (try? source.lastSeq()) ?? last
                if seq != last {
                    last = seq
                    quiet = 0
                    try await writer.write(ByteBuffer(string: "event: appended\ndata: {\"last_seq\": \(seq)}\n\n"))
                } else {
                    quiet += interval
                    if quiet >= 15_000 {
                        quiet = 0
                        try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
