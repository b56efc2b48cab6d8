import Foundation
import Hummingbird
import Synchronization

extension OpenAIService {
    static let purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

    func file(_ id: String, workspace: String) throws(APIFailure) -> OpenAIFile {
        guard let file = registry.withLock({ $0.files[id] }), file.workspace == workspace else {
            throw .notFound("No such File object: \(id)", code: nil)
        }
        return file
    }

    /// Splits JSONL into lines (without their newline), skipping blank ones, numbered from 1.
    static func lines(_ bytes: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var start = 0
        var number = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            number += 1
            var end = index
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[start..<end]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) { result.append((number, line)) }
            start = index + 1
        }
        return result
    }

    /// The per-line shape the Batch API requires (providers.md §2.2): `custom_id`, `method`,
    /// `url`, `body`. Checked at upload, so a malformed file is refused up front.
    static func checkBatchLine(_ line: ArraySlice<UInt8>, number: Int) throws(APIFailure) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            throw .invalidRequest(
                "Invalid file format for Batch API. Line \(number) is not valid JSON: \(error).", param: "file",
                code: "invalid_json_line"
            )
        }
        guard case .object = value else {
            throw .invalidRequest(
                "Invalid file format for Batch API. Line \(number) must be a JSON object.", param: "file",
                code: "invalid_json_line"
            )
        }
        for (field, type) in [("custom_id", "string"), ("method", "string"), ("url", "string"), ("body", "object")] {
            guard let member = value[field] else {
                throw .invalidRequest(
                    "Invalid file format for Batch API. Line \(number): missing required field '\(field)'.", param: "file",
                    code: "missing_required_parameter"
                )
            }
            guard member.typeName == type else {
                throw .invalidRequest(
                    "Invalid file format for Batch API. Line \(number): '\(field)' must be a \(type).", param: "file",
                    code: "invalid_type"
                )
            }
        }
        return value
    }

    func uploadFile(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        guard let contentType = request.header("content-type"),
            contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = MultipartForm.boundary(contentType: contentType)
        else {
            throw APIFailure.invalidRequest(
                "Invalid Content-Type header (\(request.header("content-type") ?? "none")), expected multipart/form-data."
            )
        }
        let body = try await request.body(
            limit: Limits.maxUploadBytes + 1024 * 1024, tooLargeMessage: "File is too large: the maximum is 512 MB."
        )
        guard let form = MultipartForm.parse(body, boundary: boundary) else {
            throw APIFailure.invalidRequest("Could not parse multipart form data.")
        }
        guard let purpose = form.field("purpose") else {
            throw APIFailure.invalidRequest("Missing required parameter: 'purpose'.", param: "purpose", code: "missing_required_parameter")
        }
        guard Self.purposes.contains(purpose) else {
            throw APIFailure.invalidRequest(
                "'\(purpose)' is not one of \(Self.purposes.map { "'\($0)'" }.joined(separator: ", ")) - 'purpose'",
                param: "purpose", code: "invalid_value"
            )
        }
        guard let part = form.part("file") else {
            throw APIFailure.invalidRequest("Missing required parameter: 'file'.", param: "file", code: "missing_required_parameter")
        }
        let data = Array(part.data)
        var lineCount = 0
        if purpose == "batch" {
            guard data.count <= Limits.maxBatchFileBytes else {
                throw APIFailure.invalidRequest(
                    "Batch input files must be at most 200 MB; this file is \(data.count) bytes.", param: "file",
                    code: "file_too_large"
                )
            }
            let lines = Self.lines(data)
            guard !lines.isEmpty else {
                throw APIFailure.invalidRequest("Invalid file format for Batch API. The file is empty.", param: "file", code: "empty_file")
            }
            for (number, line) in lines { _ = try Self.checkBatchLine(line, number: number) }
            lineCount = lines.count
        }
        let now = core.clock.now
        var expiresIn: Double? = purpose == "batch" ? 30 * 24 * 3600 : nil
        if let anchor = form.field("expires_after[anchor]") {
            guard anchor == "created_at" else {
                throw APIFailure.invalidRequest("Invalid value for 'expires_after.anchor': '\(anchor)'.", param: "expires_after.anchor")
            }
            guard let seconds = form.field("expires_after[seconds]").flatMap(Double.init), (3600...2_592_000).contains(seconds)
            else {
                throw APIFailure.invalidRequest(
                    "'expires_after.seconds' must be between 3600 and 2592000.", param: "expires_after.seconds"
                )
            }
            expiresIn = seconds
        }
        let id = core.ids.make("file-", length: 22)
        let url = core.newFileURL(id)
        try await BlockingIO.run { try Data(data).write(to: url) }
        let file = OpenAIFile(
            id: id, bytes: data.count, createdAt: now, expiresAt: expiresIn.map { now.addingTimeInterval($0) },
            filename: part.filename ?? "upload", purpose: purpose, url: url, workspace: workspace, lineCount: lineCount
        )
        register(file)
        return Reply.json(file.json)
    }

    func register(_ file: OpenAIFile) {
        registry.withLock { registry in
            registry.files[file.id] = file
            registry.fileOrder.append(file.id)
        }
    }

    func listFiles(_ request: EmulatorRequest, workspace: String) -> Response {
        let purpose = request.query["purpose"]
        let files: [OpenAIFile] = registry.withLock { registry in
            registry.fileOrder.reversed().compactMap { registry.files[$0] }
        }.filter { $0.workspace == workspace && (purpose == nil || $0.purpose == purpose) }
        let limit = request.query["limit"].flatMap(Int.init) ?? 10000
        var list = files
        if let after = request.query["after"], let position = files.firstIndex(where: { $0.id == after }) {
            list = Array(files[(position + 1)...])
        }
        let page = Array(list.prefix(limit))
        return Reply.json([
            "object": "list", "data": .array(page.map(\.json)), "has_more": .bool(list.count > page.count),
            "first_id": .string(orNull: page.first?.id), "last_id": .string(orNull: page.last?.id),
        ])
    }

    func deleteFile(_ id: String, workspace: String) async throws -> Response {
        let file = try file(id, workspace: workspace)
        registry.withLock { registry in
            registry.files[id] = nil
            registry.fileOrder.removeAll { $0 == id }
        }
        await BlockingIO.remove(file.url)
        return Reply.json(["id": .string(id), "object": "file", "deleted": true])
    }
}
