import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves result files from disk in chunks, with the slow and cut-off downloads the fault
/// settings ask for. A cut download declares the full `content-length` and then drops the
/// connection, which is what a client sees when a provider's CDN resets mid-body.
enum DownloadServer {
    struct CutOff: Error {}

    /// Streams `url` as the response body.
    static func serve(
        _ url: URL,
        contentType: String,
        faults: FaultInjector,
        context: BasicRequestContext,
        headers extra: [(String, String)] = []
    ) async throws -> Response {
        let size = try await BlockingIO.size(url)
        let plan = faults.downloadPlan(size: size)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        for (name, value) in extra {
            if let fieldName = HTTPField.Name(name) { headers[fieldName] = value }
        }
        guard size > 0 else {
            headers[.contentLength] = "0"
            return Response(status: .ok, headers: headers, body: ResponseBody())
        }
        let fileBody = try await FileIO().loadFile(path: url.path, context: context, chunkLength: 64 * 1024)
        let body = ResponseBody(contentLength: size) { writer in
            let throttled = ThrottledWriter(parent: writer, plan: plan)
            try await fileBody.write(throttled)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Streams bytes produced in memory (small documents) through the same fault plan.
    static func serve(bytes: [UInt8], contentType: String, faults: FaultInjector) -> Response {
        let plan = faults.downloadPlan(size: bytes.count)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let body = ResponseBody(contentLength: bytes.count) { writer in
            var throttled = ThrottledWriter(parent: writer, plan: plan)
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + 64 * 1024, bytes.count)
                try await throttled.write(ByteBuffer(bytes: bytes[offset..<end]))
                offset = end
            }
            try await throttled.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    struct ThrottledWriter: ResponseBodyWriter {
        var parent: any ResponseBodyWriter
        let plan: FaultInjector.DownloadPlan
        var written = 0

        init(parent: any ResponseBodyWriter, plan: FaultInjector.DownloadPlan) {
            self.parent = parent
            self.plan = plan
        }

        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            while buffer.readableBytes > 0 {
                let chunkSize = min(buffer.readableBytes, 16 * 1024)
                var chunk = buffer.readSlice(length: chunkSize)!
                if let cutoff = plan.cutoffAfterBytes, written + chunk.readableBytes > cutoff {
                    let keep = max(0, cutoff - written)
                    if keep > 0, let partial = chunk.readSlice(length: keep) {
                        try await parent.write(partial)
                    }
                    throw CutOff()
                }
                if let rate = plan.bytesPerSecond, rate > 0 {
                    try await Task.sleep(for: .nanoseconds(Int64(Double(chunk.readableBytes) / rate * 1e9)))
                }
                written += chunk.readableBytes
                try await parent.write(chunk)
            }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            try await parent.finish(trailingHeaders)
        }
    }
}
