/// How long finished work stays in the store (DESIGN §7, "Bounded"): the blobs of a finished
/// request (its event, rendered request, Kafka key and headers) and a finished batch's plan go
/// after ``completed``; the request's (tenant, id) row, which makes a Kafka re-delivery a
/// duplicate, stays until ``dedupeWindow``, and its attempts and batch items with it.
package struct RetentionPolicy: Sendable, Hashable {
    /// After this long since a request finished (and its result was published), its blobs are
    /// dropped; also how long a finished batch keeps its plan. Default 7 days.
    package var completed: Duration
    /// After this long since a request finished, its row and dependents are deleted and a
    /// re-delivery of its (tenant, id) counts as new; also when finished batches nothing refers to
    /// are deleted. Default 7 days; the configuration keeps it no shorter than ``completed``.
    package var dedupeWindow: Duration
    /// Rows changed per transaction, so that the writer is never held for long.
    package var chunk: Int
    /// How many of a model's latest cache-route samples are kept whatever their age (the planner
    /// reads at most the latest 50 of the large ones).
    package var cacheRouteSamplesKept: Int

    package init(
        completed: Duration = .seconds(7 * 86_400), dedupeWindow: Duration = .seconds(7 * 86_400), chunk: Int = 1_000,
        cacheRouteSamplesKept: Int = 1_000
    ) {
        self.completed = completed
        self.dedupeWindow = dedupeWindow
        self.chunk = chunk
        self.cacheRouteSamplesKept = cacheRouteSamplesKept
    }

    /// ``completed`` in Unix-ms units, as the store's times are.
    var completedMilliseconds: Int64 { Self.milliseconds(completed) }
    /// ``dedupeWindow`` in Unix-ms units.
    var dedupeWindowMilliseconds: Int64 { Self.milliseconds(dedupeWindow) }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
