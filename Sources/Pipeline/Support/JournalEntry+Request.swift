package import Foundation
import Planning
package import Providers
package import StateStore

extension JournalEntry {
    /// The journaled request, read back with its custom id, which the journal does not keep (it
    /// follows from tenant and id; rows journaled before carry the same value inside).
    package func renderedRequest(using decoder: JSONDecoder = JSONDecoder()) throws -> LLMRequest {
        var request = try decoder.decode(LLMRequest.self, from: rendered)
        request.customID = RequestRenderer.customID(tenant: tenant, id: requestID)
        return request
    }
}
