extension RequestEvent {
    /// Task mode (a configured template applied to a document) or raw mode (a ready request).
    package enum Mode: Sendable, Hashable {
        /// `task` names a configured task template; `document` is what it is applied to.
        case task(name: String, document: Document)
        case raw(RawRequest)
    }
}

extension RequestEvent.Mode {
    typealias CodingKeys = RequestEvent.CodingKeys

    /// Reads exactly one mode from the event object, or says which fields are missing or clash.
    init(reading object: ContractObject) throws(EventValidationError) {
        let hasTask = object.contains(CodingKeys.task)
        let hasDocument = object.contains(CodingKeys.document)
        let hasRequest = object.contains(CodingKeys.request)
        switch (hasTask || hasDocument, hasRequest) {
        case (true, true):
            throw EventValidationError(
                .conflictingFields, at: object.path(CodingKeys.request),
                "cannot be combined with task mode (task + document); send one mode per event"
            )
        case (false, false):
            throw EventValidationError(
                .missingField, at: object.path(CodingKeys.request),
                "is required unless the event is in task mode: give either task + document or request"
            )
        case (true, false):
            try object.require(CodingKeys.task, "in task mode (document is present)")
            try object.require(CodingKeys.document, "in task mode (task is present)")
            let name = try object.string(CodingKeys.task, .taskName)
            self = .task(name: name, document: try object.decode(Document.self, CodingKeys.document))
        case (false, true):
            self = .raw(try object.decode(RawRequest.self, CodingKeys.request))
        }
    }
}
