/// Named places where a stage can be stopped dead, so crash tests can leave exactly the durable
/// state a `kill -9` at that line would (the fail-point pattern of TiKV's `fail-rs` and FreeBSD's
/// `fail(9)`). Unarmed points cost a set lookup per chunk of work.
package struct FailPoints: Sendable {
    /// The crash points of DESIGN §4, in pipeline order.
    package enum Point: String, Sendable, CaseIterable, CustomStringConvertible {
        /// A poll round is journaled; its offsets are not stored yet.
        case afterJournal = "intake.after-journal"
        /// A batch is `submitting` (intent committed); create has not been called.
        case afterIntent = "submitter.after-intent"
        /// The provider created a batch's explicit cache; the local store does not know it yet.
        case afterCacheCreate = "submitter.after-cache-create"
        /// The provider created the batch; the local row does not know its id yet.
        case afterCreate = "submitter.after-create"
        /// One chunk of a batch's results is recorded; more are still at the provider.
        case midResults = "poller.mid-results"
        /// Records are in Kafka; the outbox has not marked them published.
        case midPublish = "publisher.mid-publish"

        package var description: String { rawValue }
    }

    /// Runs when an armed point is reached; when it returns, the stage abandons its pass.
    package typealias Trigger = @Sendable (Point) async -> Void

    private let armed: Set<Point>
    private let trigger: Trigger?

    /// Nothing armed.
    package static var none: FailPoints { FailPoints() }

    private init() {
        armed = []
        trigger = nil
    }

    /// Arms `points` with `trigger` (a test stops the instance from it; `sluice serve` exits).
    package init(_ points: Set<Point>, trigger: @escaping Trigger) {
        self.armed = points
        self.trigger = trigger
    }

    /// Stops here when armed: the trigger runs, then ``FailPointHalt`` unwinds the stage.
    func check(_ point: Point) async throws {
        guard let trigger, armed.contains(point) else { return }
        await trigger(point)
        throw FailPointHalt(point: point)
    }
}

/// The stage was stopped at a fail point and must not go on with the work in hand.
package struct FailPointHalt: Error, CustomStringConvertible {
    package var point: FailPoints.Point
    package var description: String { "halted at fail point \(point)" }
}
