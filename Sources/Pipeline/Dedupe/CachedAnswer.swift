import Foundation
package import Providers

/// A successful response as the response cache keeps it, enough to answer an identical request
/// and to price what that answer saved.
package struct CachedAnswer: Sendable, Hashable, Codable {
    package var provider: Provider
    package var model: String
    package var response: LLMResponse

    package init(provider: Provider, model: String, response: LLMResponse) {
        self.provider = provider
        self.model = model
        self.response = response
    }

    func encoded() throws -> Data { try JSONEncoder().encode(self) }

    static func decoded(from data: Data) throws -> CachedAnswer { try JSONDecoder().decode(CachedAnswer.self, from: data) }
}
