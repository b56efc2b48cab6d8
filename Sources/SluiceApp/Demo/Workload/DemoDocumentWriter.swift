import Foundation

/// Writes the four kinds of demo documents to a target length, from ``DemoVocabulary``.
///
/// Each document keeps adding body units (line items, clauses, conversation turns, findings) until
/// it reaches `targetCharacters`, so lengths follow the requested distribution; the closing part
/// is short and fixed, so the text never runs more than one unit past the target.
struct DemoDocumentWriter {
    var filler: DemoTextFiller

    init(random: DemoRandom) {
        filler = DemoTextFiller(random: random)
    }

    mutating func write(_ kind: DemoDocument.Kind, id: String, number: Int, targetCharacters: Int) -> DemoDocument {
        switch kind {
        case .invoice: invoice(id: id, number: number, target: targetCharacters)
        case .contract: contract(id: id, target: targetCharacters)
        case .supportTicket: ticket(id: id, number: number, target: targetCharacters)
        case .researchNote: researchNote(id: id, target: targetCharacters)
        }
    }

    private mutating func invoice(id: String, number: Int, target: Int) -> DemoDocument {
        let vendor = filler.random.pick(DemoVocabulary.companies)
        var customer = filler.random.pick(DemoVocabulary.companies)
        if customer == vendor { customer = "Acme Regional Distribution" }
        let invoiceNumber = "INV-\(2026_0000 + number * 7 + filler.random.int(in: 0...6))"
        let issued = filler.date()
        let terms = filler.random.pick([14, 30, 45, 60])
        let po = "PO-\(filler.random.int(in: 10_000...99_999))"
        let contact = filler.person()
        var text = """
            INVOICE \(invoiceNumber)
            Issued: \(issued)    Payment terms: net \(terms) days
            From: \(vendor), \(filler.random.int(in: 2...480)) Harbour Road, \(filler.random.pick(DemoVocabulary.cities))
            Bill to: \(customer), Accounts Payable, \(filler.random.pick(DemoVocabulary.cities))
            Purchase order: \(po)    Contact: \(contact)
            Currency: USD

            Line items:

            """
        var totalCents = 0
        var lines = 0
        while text.utf8.count < target - 420 {
            lines += 1
            if lines > 3 && filler.random.chance(0.12) {
                text += "   Note: " + filler.fill(filler.random.pick(DemoVocabulary.invoiceNotes)) + "\n"
            }
            let quantity = filler.random.int(in: 1...60)
            let unitCents = filler.random.int(in: 4...2_400) * 25
            totalCents += quantity * unitCents
            text += "\(lines). \(filler.random.pick(DemoVocabulary.lineItems)): \(quantity) x \(Self.money(unitCents)) = \(Self.money(quantity * unitCents))\n"
        }
        let taxCents = totalCents * 825 / 10_000
        let total = Self.money(totalCents + taxCents)
        text += """

            Subtotal: \(Self.money(totalCents))
            Sales tax (8.25%): \(Self.money(taxCents))
            Total due: \(total)

            \(filler.fill(filler.random.pick(DemoVocabulary.invoiceNotes))) Payment by bank transfer to the account on file; \
            remittance advice to ap@\(vendor.lowercased().filter(\.isLetter)).example.

            """
        return DemoDocument(
            id: id, kind: .invoice, title: "Invoice \(invoiceNumber)", text: text,
            facts: [
                ("document_type", "invoice"), ("invoice_number", invoiceNumber), ("vendor", vendor), ("customer", customer),
                ("issue_date", issued), ("payment_terms_days", String(terms)), ("purchase_order", po), ("currency", "USD"),
                ("total", total), ("line_items", String(lines)), ("contact", contact),
            ])
    }

    private mutating func contract(id: String, target: Int) -> DemoDocument {
        let supplier = filler.random.pick(DemoVocabulary.companies)
        var customer = filler.random.pick(DemoVocabulary.companies)
        if customer == supplier { customer = "Acme Regional Distribution" }
        let effective = filler.date()
        let law = filler.random.pick(DemoVocabulary.laws)
        let kind = filler.random.pick(["Master Services Agreement", "Software Licence Agreement", "Logistics Services Agreement"])
        var text = """
            \(kind.uppercased())

            This \(kind) (the "Agreement") is made on \(effective) (the "Effective Date") between \(supplier) (the "Supplier") \
            and \(customer) (the "Customer"), each a "party".

            Background: the Customer wishes to obtain, and the Supplier has agreed to provide, the services described below on \
            the terms of this Agreement.


            """
        var clause = 0
        let order = DemoVocabulary.contractClauses.indices.map { $0 }
        while text.utf8.count < target - 260 {
            let (title, sentences) = DemoVocabulary.contractClauses[order[clause % order.count]]
            clause += 1
            text += clause <= order.count
                ? "\(clause). \(title.uppercased())\n"
                : "\(clause). SCHEDULE \(clause - order.count): \(title.uppercased()), SUPPLEMENTARY TERMS\n"
            var sub = 0
            for sentence in sentences where sub < 2 || filler.random.chance(0.7) {
                sub += 1
                let filled = title == "Governing Law" ? sentence.replacingOccurrences(of: "{law}", with: law) : sentence
                text += "\(clause).\(sub) \(filler.fill(filled))\n"
            }
            text += "\n"
        }
        text += """
            Signed for and on behalf of \(supplier) by \(filler.person()), and for and on behalf of \(customer) by \
            \(filler.person()).

            """
        return DemoDocument(
            id: id, kind: .contract, title: "\(kind) between \(supplier) and \(customer)", text: text,
            facts: [
                ("document_type", "contract"), ("agreement_type", kind), ("supplier", supplier), ("customer", customer),
                ("effective_date", effective), ("governing_law", law), ("clauses", String(clause)),
            ])
    }

    private mutating func ticket(id: String, number: Int, target: Int) -> DemoDocument {
        let ticket = "SUP-\(40_000 + number * 3 + filler.random.int(in: 0...2))"
        let product = filler.random.pick(DemoVocabulary.products)
        let severity = filler.random.pick(["P1 (critical)", "P2 (high)", "P2 (high)", "P3 (normal)", "P3 (normal)", "P4 (low)"])
        let customerPerson = filler.person()
        let agent = filler.person()
        let company = filler.random.pick(DemoVocabulary.companies)
        var text = """
            Support ticket \(ticket)
            Product: \(product)    Severity: \(severity)    Opened: \(filler.date())
            Customer: \(customerPerson), \(company)
            Assigned to: \(agent), Tier 2 Support
            Subject: \(product) failing with \(filler.random.pick(DemoVocabulary.errors))


            """
        var turn = 0
        while text.utf8.count < target - 180 {
            let fromCustomer = turn % 2 == 0
            let speaker = fromCustomer ? customerPerson : agent
            let pool = fromCustomer ? DemoVocabulary.ticketCustomer : DemoVocabulary.ticketAgent
            text += "[\(fromCustomer ? "Customer" : "Agent")] \(speaker), \(filler.date()) \(filler.random.int(in: 10...23)):\(filler.random.int(in: 10...59)) UTC\n"
            for _ in 0..<filler.random.int(in: 2...4) { text += filler.fill(filler.random.pick(pool)) + " " }
            text += "\n\n"
            turn += 1
        }
        let status = filler.random.pick(["open", "pending customer", "resolved"])
        text += "Status: \(status). Internal note: link to the defect record and review the knowledge base article.\n"
        return DemoDocument(
            id: id, kind: .supportTicket, title: "Ticket \(ticket): \(product)", text: text,
            facts: [
                ("document_type", "support_ticket"), ("ticket_id", ticket), ("product", product), ("severity", severity),
                ("customer", company), ("reporter", customerPerson), ("agent", agent), ("status", status), ("messages", String(turn)),
            ])
    }

    private mutating func researchNote(id: String, target: Int) -> DemoDocument {
        let topic = filler.random.pick(DemoVocabulary.researchTopics)
        let author = filler.person()
        let title = "Research note: \(topic), findings from \(filler.random.pick(DemoVocabulary.methods))"
        var text = """
            \(title)
            Author: \(author)    Date: \(filler.date())    Distribution: internal

            Abstract. We studied \(topic) using \(filler.fill("{method}")). \
            \(filler.fill(DemoVocabulary.researchSentences[1]))


            """
        let sections = ["Background", "Method", "Observations", "Discussion", "Limitations", "Next steps"]
        var section = 0
        while text.utf8.count < target - 120 {
            text += "\(section + 1). \(sections[section % sections.count])\n"
            for _ in 0..<filler.random.int(in: 3...6) {
                text += filler.fill(filler.random.pick(DemoVocabulary.researchSentences)) + " "
            }
            text += "\n\n"
            section += 1
        }
        text += "Contact \(author) for the underlying data.\n"
        return DemoDocument(
            id: id, kind: .researchNote, title: title, text: text,
            facts: [("document_type", "research_note"), ("topic", topic), ("author", author), ("sections", String(section))])
    }

    /// Cents as `USD 1,234.50`.
    static func money(_ cents: Int) -> String {
        let remainder = cents % 100
        return "USD \(DemoTextFiller.grouped(cents / 100)).\(remainder < 10 ? "0" : "")\(remainder)"
    }
}
