package dev.helix.server.bench;

/** What one line of a response stream meant to the load tool. */
public sealed interface StreamEvent {
    /** A piece of the answer (may be empty: OpenAI's first event carries only the role). */
    record Text(String text) implements StreamEvent {}

    /** Token counts the server reported (-1 where it did not say). */
    record Usage(int promptTokens, int completionTokens) implements StreamEvent {}

    /** The server said the answer is complete. */
    record Done() implements StreamEvent {}

    /** The server reported an error inside the stream. */
    record Failure(String message) implements StreamEvent {}

    /** A line with nothing for us: an SSE comment, an {@code event:} line, a blank separator. */
    record Ignored() implements StreamEvent {}

    Ignored IGNORED = new Ignored();
    Done DONE = new Done();
}
