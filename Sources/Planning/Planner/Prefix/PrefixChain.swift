import Crypto
import Foundation
import Providers

/// The chain of a request's shared part (tools, system, every block but the last of the last
/// message: what a bucket's requests have in common), one ``PrefixLink`` per block.
///
/// Chain hashes feed exactly what ``RequestRenderer/prefixGroup(of:)`` feeds, finalizing a copy of
/// the running hash after each block, so the last link's hash is the bucket's prefix group and
/// a warm entry recorded under either name is found under both.
struct PrefixChain: Sendable {
    /// The shared part's links, in cache order.
    var links: [PrefixLink]
    /// The running hash after the last shared block, to extend with a split-off leading part of
    /// the final block (the same feed a separate block of that text would get).
    private var hasher: SHA256
    /// Role of the final block's message (`user`/`assistant`), fed with an extension's text.
    private var finalRole: String

    /// The chain of `request`'s shared part.
    init(of request: LLMRequest) {
        var hasher = SHA256()
        var links: [PrefixLink] = []
        var characters = 0
        func feed(_ text: String) {
            hasher.update(data: Data("\(text.utf8.count):".utf8))
            hasher.update(data: Data(text.utf8))
        }
        func link(_ place: CacheSlot.Place, adding count: Int) {
            characters += count
            links.append(PrefixLink(slot: CacheSlot(place: place), hash: Self.finalized(hasher), cumulativeCharacters: characters))
        }
        feed(request.kind.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (index, tool) in request.tools.enumerated() {
            feed(String(describing: tool))
            let schema = (try? encoder.encode(tool.inputSchema))?.count ?? 0
            link(.tool(index), adding: tool.name.count + (tool.description?.count ?? 0) + schema)
        }
        for (index, block) in request.system.enumerated() {
            feed("s" + (block.text ?? ""))
            link(.system(index), adding: block.text?.count ?? 0)
        }
        let turns = request.messages
        for (message, turn) in turns.enumerated() {
            let count = message == turns.count - 1 ? turn.content.count - 1 : turn.content.count
            for index in 0..<max(count, 0) {
                let text = turn.content[index].text ?? ""
                feed(turn.role.rawValue + text)
                link(.message(message, index), adding: text.count)
            }
        }
        self.links = links
        self.hasher = hasher
        self.finalRole = turns.last?.role.rawValue ?? ChatMessage.Role.user.rawValue
    }

    /// The hash the chain would reach with one more block of `text` in the final message: the
    /// name of a split-off common leading part of the final blocks.
    func extended(with text: String) -> String {
        var copy = hasher
        copy.update(data: Data("\((finalRole + text).utf8.count):".utf8))
        copy.update(data: Data((finalRole + text).utf8))
        return Self.finalized(copy)
    }

    /// Characters of the whole shared part.
    var characters: Int { links.last?.cumulativeCharacters ?? 0 }

    /// Cut as ``RequestRenderer``'s prefix group is, so the last link's hash is the bucket's.
    private static func finalized(_ hasher: SHA256) -> String {
        String(Hex.string(hasher.finalize()).prefix(16))
    }
}
