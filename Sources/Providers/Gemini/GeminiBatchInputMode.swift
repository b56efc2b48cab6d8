/// How Gemini batch input is sent: inline in the create call (under 20 MB) or as an uploaded
/// JSONL file (up to 2 GB).
package enum GeminiBatchInputMode: String, Sendable, Hashable {
    /// Inline when the whole partition fits the inline cap, a file otherwise.
    case automatic
    case inline
    case file
}
