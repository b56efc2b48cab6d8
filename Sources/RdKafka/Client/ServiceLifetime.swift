import ServiceLifecycle

/// Suspends a client's `run()` until graceful shutdown, cancellation, or a fatal librdkafka error,
/// whichever comes first.
/// - Parameter onFatal: registers a callback the client calls once a fatal error is raised.
func waitForShutdownOrFatal(_ onFatal: (@escaping @Sendable () -> Void) -> Void) async {
    let (stop, stopContinuation) = AsyncStream<Void>.makeStream()
    onFatal { stopContinuation.finish() }
    await withTaskCancellationOrGracefulShutdownHandler {
        for await _ in stop {}
    } onCancelOrGracefulShutdown: {
        stopContinuation.finish()
    }
}

extension Duration {
    /// Whole milliseconds, clamped to what librdkafka's `int` timeouts take.
    var milliseconds: Int32 {
        Int32(clamping: components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
