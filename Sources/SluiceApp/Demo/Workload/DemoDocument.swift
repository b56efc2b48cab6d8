/// One generated business document: its text and the facts it was built from, which the few-shot
/// examples of the task instructions turn into the expected extraction or summary.
struct DemoDocument: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable, CaseIterable {
        case invoice, contract
        case supportTicket = "support_ticket"
        case researchNote = "research_note"
    }

    var id: String
    var kind: Kind
    var title: String
    var text: String
    /// Ordered (field, value) pairs: invoice number, parties, dates, totals...
    var facts: [(String, String)]

    static func == (lhs: DemoDocument, rhs: DemoDocument) -> Bool { lhs.id == rhs.id && lhs.text == rhs.text }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    func fact(_ name: String) -> String? { facts.first { $0.0 == name }?.1 }
}
