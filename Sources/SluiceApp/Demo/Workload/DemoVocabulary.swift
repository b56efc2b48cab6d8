/// Word lists and sentence templates the demo documents are assembled from. `{slot}` markers are
/// filled by ``DemoTextFiller``.
enum DemoVocabulary {
    static let companies = [
        "Northwind Components", "Harbor Freight Analytics", "Bluepeak Logistics", "Cedar & Vale LLP", "Ironleaf Manufacturing",
        "Lumen Health Partners", "Orchard Data Systems", "Pioneer Cold Storage", "Quarry Street Bakery Group", "Redwood Maritime",
        "Silverline Telecom", "Tidewater Energy", "Umber Textiles", "Vantage Field Services", "Westgate Property Management",
        "Yellowfin Seafood Traders", "Zephyr Aviation Parts", "Alder Biotech", "Brightwell Insurance Brokers", "Copperfield Schools Trust",
    ]
    static let firstNames = [
        "Amara", "Bruno", "Chen", "Dalia", "Emeka", "Freya", "Goran", "Hana", "Ines", "Jonas", "Keiko", "Lucas", "Mireille",
        "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tomasz", "Uma", "Viktor", "Wen", "Yusuf", "Zofia",
    ]
    static let lastNames = [
        "Adeyemi", "Bergström", "Castillo", "Dubois", "Eriksen", "Fischer", "Gallagher", "Haddad", "Ivanova", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero", "Rossi", "Schmidt", "Tanaka",
    ]
    static let cities = [
        "Rotterdam", "Lyon", "Austin", "Toronto", "Gdańsk", "Osaka", "Porto", "Denver", "Leeds", "Valencia", "Tampere", "Brisbane",
    ]
    static let products = [
        "FleetView dashboard", "LedgerSync connector", "ColdChain sensor gateway", "Atlas routing API", "Beacon mobile app",
        "Vault document archive", "Pulse alerting service", "Harbor billing portal", "Relay SFTP bridge", "Orbit scheduling module",
    ]
    static let lineItems = [
        "Annual support plan, tier 2", "Temperature sensor, model TS-40", "On-site installation (per technician day)",
        "Pallet racking, 2.4 m bay", "Cloud storage, 1 TB-month", "Forklift battery replacement", "Consulting: data migration (hours)",
        "Replacement gasket kit", "Barcode scanner, rugged", "Software licence, named user", "Freight: less-than-truckload",
        "Calibration service", "Safety training session", "Stainless fasteners, box of 500", "Network switch, 24 port",
        "Printer toner, high yield", "Hydraulic hose assembly", "Maintenance visit, quarterly", "Label stock, thermal, 10 rolls",
        "Emergency call-out fee",
    ]
    static let researchTopics = [
        "cold-chain spoilage", "invoice fraud detection", "warehouse pick-path optimisation", "customer churn in B2B SaaS",
        "battery degradation in forklifts", "document OCR error rates", "carrier on-time performance", "energy use of refrigerated storage",
    ]
    static let methods = [
        "a retrospective cohort analysis", "a two-week controlled pilot", "a difference-in-differences comparison",
        "a survey of operations managers", "a replay of last quarter's event logs", "a stratified random sample of records",
    ]
    static let metrics = [
        "median handling time", "error rate", "spoilage rate", "on-time delivery share", "cost per order", "first-contact resolution rate",
        "mean time to recovery", "energy use per pallet-day",
    ]
    static let components = [
        "the sync worker", "the ingest queue", "the authentication proxy", "the export job", "the mobile client", "the reporting database",
        "the webhook dispatcher", "the label printer driver",
    ]
    static let errors = ["HTTP 502 from the upstream gateway", "a timeout after 30 seconds", "error code E-4471", "a duplicate key violation",
        "an expired TLS certificate", "error code SYNC-209", "an out-of-memory kill", "a checksum mismatch"]
    static let laws = ["the State of New York", "England and Wales", "the Netherlands", "the Province of Ontario", "the State of Texas"]

    static let contractClauses: [(title: String, sentences: [String])] = [
        ("Services", [
            "The Supplier shall provide the services described in Schedule {num} with the skill and care of a competent provider of similar services.",
            "Any change to the scope of the services shall be agreed in writing through the change control procedure before work begins.",
            "The Supplier shall assign a named account manager, currently {person}, who is responsible for day-to-day coordination.",
        ]),
        ("Fees and Payment", [
            "The Customer shall pay the fees set out in Schedule {num}, currently {amount} per month, within {days} days of a valid invoice.",
            "Late payments bear interest at {pct} per annum above the base rate from the due date until payment in full.",
            "Fees are exclusive of value added tax and similar taxes, which the Customer shall pay in addition where applicable.",
            "The Supplier may increase the fees once per contract year by no more than {pct}, with at least {days} days' written notice.",
        ]),
        ("Service Levels", [
            "The Supplier shall meet an availability target of {uptime} measured monthly, excluding scheduled maintenance announced {days} days ahead.",
            "Where the availability target is missed, the Customer is entitled to a service credit of {pct} of the monthly fee for each full percentage point below target.",
            "Service credits are the Customer's sole financial remedy for a failure to meet the service levels, save in the case of wilful default.",
        ]),
        ("Confidentiality", [
            "Each party shall keep the other party's confidential information secret and use it only to perform this Agreement.",
            "These obligations survive termination for a period of {years} years, and indefinitely for trade secrets.",
            "A party may disclose confidential information where required by law, after giving the other party prompt notice where lawful.",
        ]),
        ("Data Protection", [
            "Where the Supplier processes personal data on behalf of the Customer, it does so only on documented instructions and under the data processing addendum.",
            "The Supplier shall notify the Customer without undue delay, and in any case within {hours} hours, after becoming aware of a personal data breach.",
            "Sub-processors may be engaged only with {days} days' prior notice, during which the Customer may object on reasonable grounds.",
        ]),
        ("Intellectual Property", [
            "Each party retains all intellectual property rights it owned before the Effective Date.",
            "Deliverables created specifically for the Customer vest in the Customer on payment of the relevant fees.",
            "The Supplier grants the Customer a non-exclusive licence to use any pre-existing materials embedded in the deliverables.",
        ]),
        ("Limitation of Liability", [
            "Neither party limits its liability for death or personal injury caused by negligence, or for fraud.",
            "Subject to the foregoing, each party's total liability in any contract year shall not exceed {multiple} times the fees paid in the preceding twelve months.",
            "Neither party is liable for loss of profits, loss of revenue or any indirect or consequential loss.",
        ]),
        ("Term and Termination", [
            "This Agreement starts on the Effective Date and continues for an initial term of {months} months.",
            "It renews automatically for successive periods of twelve months unless either party gives {days} days' notice before the end of the then-current term.",
            "Either party may terminate immediately by notice if the other commits a material breach that is not remedied within {days} days of a written request.",
        ]),
        ("Insurance", [
            "The Supplier shall maintain professional indemnity insurance of not less than {amount} per claim for the term and {years} years after.",
            "On request, the Supplier shall provide certificates of insurance evidencing the required cover.",
        ]),
        ("Governing Law", [
            "This Agreement and any dispute arising from it are governed by the laws of {law}.",
            "The courts of {law} have exclusive jurisdiction, without prejudice to either party's right to seek interim relief elsewhere.",
        ]),
    ]

    static let ticketCustomer = [
        "Since {weekday} morning {component} has been failing intermittently with {error}.",
        "About {pct} of our orders in {city} are affected; the rest go through normally.",
        "We restarted the service twice and cleared the cache as your knowledge base suggests, with no change.",
        "The problem started right after we upgraded the {product} to the latest release.",
        "Our warehouse team in {city} cannot print shipping labels until this is fixed, so it is blocking dispatch.",
        "I attached the logs from {weekday}; the first failure is at 07:{minute} UTC.",
        "Could you tell us whether this is a known issue and when a fix is expected?",
        "We have a contractual deadline with {company} on {date}, so we need a workaround in the meantime.",
    ]
    static let ticketAgent = [
        "Thank you for the detailed report, {person}. I have reproduced the behaviour in our staging environment.",
        "The logs show {component} retrying against a stale endpoint after the upgrade, which explains {error}.",
        "As a workaround, please set the connection timeout to {num} seconds in the admin console and restart the service.",
        "Our engineering team has raised this as a defect with priority P{priority}; a patch is scheduled for {date}.",
        "I have credited {amount} to your account for the disruption, in line with the service level agreement.",
        "Could you confirm whether the failures stop after applying the workaround? I will keep this ticket open until then.",
        "For reference, the affected builds are 4.{num}.0 to 4.{num}.3; 4.{num}.4 contains the fix.",
    ]
    static let researchSentences = [
        "We studied {topic} using {method} across {num} sites between January and {month}.",
        "The {metric} fell by {pct} in the treatment group, against {pct2} in the comparison group.",
        "Most of the effect came from the {city} site, where {component} had been the main bottleneck.",
        "The result held after excluding the first two weeks, when staff were still learning the new process.",
        "A sensitivity analysis with a stricter definition of {metric} moved the estimate by less than {pct2}.",
        "We could not rule out a seasonal effect, since the pilot overlapped with the {month} peak.",
        "Interviews with {num} operators suggest the change mostly saved time on manual re-checks.",
        "The cost of the intervention was about {amount} per site per month, including training.",
        "Data quality was the main limitation: roughly {pct2} of records had missing timestamps.",
        "We recommend extending the pilot to {num} further sites before a full roll-out.",
    ]
    static let invoiceNotes = [
        "Please quote the invoice number on your remittance so that we can match the payment promptly.",
        "Items on line {line} were delivered to the {city} depot on {date} and signed for by {person}.",
        "A late payment charge of {pct} per month applies to balances outstanding after the due date.",
        "Queries about this invoice should be raised within 14 days with {person} in our accounts team.",
        "The installation work was completed on {date}; the acceptance certificate is attached.",
        "This invoice supersedes the pro-forma sent on {date}; please disregard the earlier document.",
    ]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    static let months = ["March", "April", "May", "June", "July", "September", "October"]
}
