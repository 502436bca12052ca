package dev.helix.benchmarks.load;

/** What one frame of a response stream (an SSE event, an NDJSON line) meant to the load tool. */
public sealed interface StreamEvent {
    /** A piece of the answer (may be empty: OpenAI's first event carries only the role). */
    record Text(String text) implements StreamEvent {}

    /** Token counts the server reported (-1 where it did not say). */
    record Usage(int promptTokens, int completionTokens) implements StreamEvent {}

    /** The server said the answer is complete. */
    record Done() implements StreamEvent {}

    /** The server reported an error inside the stream. */
    record Failure(String message) implements StreamEvent {}

    /** A frame with nothing for us: a chunk with neither text nor usage (the finish reason alone, say). */
    record Ignored() implements StreamEvent {}

    Ignored IGNORED = new Ignored();
    Done DONE = new Done();
}
