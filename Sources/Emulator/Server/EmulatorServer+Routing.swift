import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension EmulatorServer {
    /// Which API a request is for: paths decide, and `/v1/models` (served by both Anthropic and
    /// OpenAI) goes to Anthropic when the request carries Anthropic's headers.
    func provider(of request: EmulatorRequest) -> Provider? {
        let segments = request.segments
        guard let first = segments.first else { return nil }
        switch first {
        case "v1beta":
            return .gemini
        case "upload", "download":
            return segments.count > 1 && segments[1] == "v1beta" ? .gemini : nil
        case "v1":
            guard segments.count > 1 else { return nil }
            if segments[1] == "messages" { return .anthropic }
            if segments[1] == "models" {
                let anthropicHeaders = request.header("anthropic-version") != nil || request.header("x-api-key") != nil
                return anthropicHeaders ? .anthropic : .openai
            }
            return .openai
        default:
            return nil
        }
    }

    /// Answers one HTTP request; never throws (every failure becomes a provider-shaped error).
    func respond(to raw: Request, context: BasicRequestContext) async -> Response {
        var request = EmulatorRequest(raw, fallbackOrigin: baseURL?.absoluteString ?? "http://127.0.0.1")
        if request.segments.first == "_emulator" {
            return await handleAdmin(&request)
        }
        switch provider(of: request) {
        case .anthropic:
            let requestID = anthropic.newRequestID()
            do {
                let workspace = try anthropic.authenticate(request)
                if let fault = core.faults.httpFault(path: request.path, provider: .anthropic) { throw fault }
                return try await anthropic.handle(&request, context: context, workspace: workspace, requestID: requestID)
            } catch let failure as APIFailure {
                return anthropic.render(failure, requestID: requestID)
            } catch {
                core.logger.debug("anthropic handler failed", metadata: ["error": "\(error)"])
                return anthropic.render(.serverError(), requestID: requestID)
            }
        case .openai:
            let requestID = openAI.newRequestID()
            do {
                let workspace = try openAI.authenticate(request)
                if let fault = core.faults.httpFault(path: request.path, provider: .openai) { throw fault }
                return try await openAI.handle(&request, context: context, workspace: workspace, requestID: requestID)
            } catch let failure as APIFailure {
                return openAI.render(failure, requestID: requestID)
            } catch {
                core.logger.debug("openai handler failed", metadata: ["error": "\(error)"])
                return openAI.render(.serverError(), requestID: requestID)
            }
        case .gemini:
            do {
                // An upload session URL is its own credential (the SDK posts chunks without a key).
                let workspace =
                    try gemini.uploadSessionWorkspace(request) ?? gemini.authenticate(request)
                if let fault = core.faults.httpFault(path: request.path, provider: .gemini) { throw fault }
                return try await gemini.handle(&request, context: context, workspace: workspace)
            } catch let failure as APIFailure {
                return gemini.render(failure)
            } catch {
                core.logger.debug("gemini handler failed", metadata: ["error": "\(error)"])
                return gemini.render(.serverError())
            }
        case nil:
            return Reply.json(
                ["error": ["code": 404, "message": .string("Not found: \(request.path)"), "status": "NOT_FOUND"]],
                status: .notFound
            )
        }
    }
}
