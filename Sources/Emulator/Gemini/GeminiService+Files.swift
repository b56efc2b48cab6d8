import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

extension GeminiService {
    static func fileID(_ name: String) -> String {
        name.hasPrefix("files/") ? String(name.dropFirst("files/".count)) : name
    }

    func file(_ name: String, workspace: String) throws(APIFailure) -> GeminiFile {
        let id = Self.fileID(name)
        guard let file = registry.withLock({ $0.files[id] }), file.workspace == workspace,
            file.expirationTime > core.clock.now
        else {
            throw .permissionDenied("You do not have permission to access the File \(id) or it may not exist.")
        }
        return file
    }

    /// The workspace of an upload-session URL (`/upload/v1beta/files?upload_id=…`), if it is one.
    func uploadSessionWorkspace(_ request: EmulatorRequest) -> String? {
        guard request.segments.first == "upload", let uploadID = request.query["upload_id"] else { return nil }
        return registry.withLock { $0.uploads[uploadID]?.workspace }
    }

    /// `POST /upload/v1beta/files`: the resumable protocol the SDK speaks — `start` opens a
    /// session and returns `x-goog-upload-url`; chunks are posted there with `upload` and the last
    /// with `upload, finalize`, which returns `{"file": File}`.
    func upload(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        if let uploadID = request.query["upload_id"] {
            return try await uploadChunk(&request, uploadID: uploadID, workspace: workspace)
        }
        guard request.header("x-goog-upload-protocol")?.lowercased() == "resumable" else {
            throw APIFailure.invalidRequest("The emulator accepts the resumable upload protocol only (X-Goog-Upload-Protocol: resumable).")
        }
        guard request.header("x-goog-upload-command")?.lowercased() == "start" else {
            throw APIFailure.invalidRequest("A resumable upload must begin with X-Goog-Upload-Command: start.")
        }
        guard let size = request.header("x-goog-upload-header-content-length").flatMap(Int.init), size >= 0 else {
            throw APIFailure.invalidRequest("X-Goog-Upload-Header-Content-Length is required to start a resumable upload.")
        }
        guard size <= Limits.maxFileBytes else {
            throw APIFailure.invalidRequest("File size \(size) exceeds the 2 GB limit of the Files API.")
        }
        let body = try await request.body(limit: 1 << 20, tooLargeMessage: "Upload metadata too large.")
        var displayName: String?
        var mimeType = request.header("x-goog-upload-header-content-type") ?? "application/octet-stream"
        if !body.isEmpty, let metadata = try? JSONValue.parse(body), let file = metadata["file"] {
            displayName = GeminiPrompt.field(file, "displayName")?.stringValue
            mimeType = GeminiPrompt.field(file, "mimeType")?.stringValue ?? mimeType
        }
        let uploadID = core.ids.make("", length: 32, alphabet: .lowerAlphanumeric)
        let upload = Upload(
            workspace: workspace, expected: size, mimeType: mimeType, displayName: displayName,
            file: try AppendOnlyFile(url: core.newFileURL("upload-\(uploadID)")), received: 0
        )
        registry.withLock { $0.uploads[uploadID] = upload }
        let url = "\(request.origin)/upload/v1beta/files?upload_id=\(uploadID)&upload_protocol=resumable"
        return Reply.empty(headers: [
            ("x-goog-upload-url", url), ("x-goog-upload-control-url", url), ("x-goog-upload-status", "active"),
            ("x-goog-upload-chunk-granularity", "8388608"),
        ])
    }

    func uploadChunk(_ request: inout EmulatorRequest, uploadID: String, workspace: String) async throws -> Response {
        guard let upload = registry.withLock({ $0.uploads[uploadID] }), upload.workspace == workspace else {
            throw APIFailure.notFound("No upload session \(uploadID).")
        }
        let command = (request.header("x-goog-upload-command") ?? "").lowercased()
        let parts = Set(command.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        if parts.contains("query") {
            return Reply.empty(headers: [("x-goog-upload-status", "active"), ("x-goog-upload-size-received", String(upload.received))])
        }
        guard parts.contains("upload") || parts.contains("finalize") else {
            throw APIFailure.invalidRequest("Unknown X-Goog-Upload-Command '\(command)'.")
        }
        let offset = request.header("x-goog-upload-offset").flatMap(Int.init) ?? upload.received
        guard offset == upload.received else {
            throw APIFailure.invalidRequest(
                "X-Goog-Upload-Offset \(offset) does not match the \(upload.received) bytes received so far."
            )
        }
        let chunk = try await request.body(limit: 256 * 1024 * 1024, tooLargeMessage: "Upload chunk too large.")
        guard upload.received + chunk.count <= upload.expected else {
            throw APIFailure.invalidRequest("More bytes were sent than X-Goog-Upload-Header-Content-Length declared.")
        }
        await upload.file.append(chunk)
        let received = upload.received + chunk.count
        registry.withLock { $0.uploads[uploadID]?.received = received }
        guard parts.contains("finalize") else {
            return Reply.empty(headers: [("x-goog-upload-status", "active"), ("x-goog-upload-size-received", String(received))])
        }
        guard received == upload.expected else {
            throw APIFailure.invalidRequest(
                "The upload was finalized after \(received) bytes; \(upload.expected) were declared."
            )
        }
        _ = await upload.file.finish()
        registry.withLock { $0.uploads[uploadID] = nil }
        let id = core.ids.make("", length: 12, alphabet: .lowerAlphanumeric)
        let url = core.newFileURL("file-\(id)")
        let source = upload.file.url
        let digest = try await BlockingIO.run { () -> String in
            try FileManager.default.moveItem(at: source, to: url)
            return try Self.sha256Base64(of: url)
        }
        let now = core.clock.now
        let file = GeminiFile(
            id: id, displayName: upload.displayName, mimeType: upload.mimeType, bytes: received, sha256: digest,
            createTime: now, expirationTime: now.addingTimeInterval(Limits.fileLifetime), generated: false, url: url,
            workspace: workspace
        )
        registerFile(file)
        return Reply.json(["file": file.json(origin: request.origin)], headers: [("x-goog-upload-status", "final")])
    }

    /// SHA-256 of a file, base64 as the Files API prints it. Runs on a blocking thread.
    static func sha256Base64(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data) }
        return Data(hasher.finalize()).base64EncodedString()
    }

    func registerFile(_ file: GeminiFile) {
        registry.withLock { registry in
            registry.files[file.id] = file
            registry.fileOrder.append(file.id)
        }
    }

    func listFiles(_ request: EmulatorRequest, workspace: String) -> Response {
        let now = core.clock.now
        let files: [GeminiFile] = registry.withLock { registry in
            registry.fileOrder.reversed().compactMap { registry.files[$0] }
        }.filter { $0.workspace == workspace && $0.expirationTime > now }
        let (page, next) = Self.paginate(files, request: request, defaultSize: 10)
        var body = JSONObject([("files", .array(page.map { $0.json(origin: request.origin) }))])
        if let next { body["nextPageToken"] = .string(next) }
        return Reply.json(.object(body))
    }

    func deleteFile(_ name: String, workspace: String) async throws -> Response {
        let file = try file(name, workspace: workspace)
        registry.withLock { registry in
            registry.files[file.id] = nil
            registry.fileOrder.removeAll { $0 == file.id }
        }
        await BlockingIO.remove(file.url)
        return Reply.json([:])
    }

    /// Serves a file's bytes (`/download/v1beta/files/{id}:download?alt=media` and the
    /// `/v1beta/files/{id}:download` form google-genai uses, §7).
    func download(_ name: String, workspace: String, context: BasicRequestContext) async throws -> Response {
        let file = try file(name, workspace: workspace)
        return try await DownloadServer.serve(file.url, contentType: file.mimeType, faults: core.faults, context: context)
    }
}
