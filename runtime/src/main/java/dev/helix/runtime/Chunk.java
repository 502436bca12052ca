package dev.helix.runtime;

import java.util.Objects;

/** One event of a generation stream. */
public sealed interface Chunk {

    /** A piece of generated text (one or more tokens; never splits a UTF-8 character). */
    record Token(String text) implements Chunk {
        public Token {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The end of a generation: always last, always carries why it ended and what it cost. */
    record Done(FinishReason reason, Usage usage, Timings timings) implements Chunk {
        public Done {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(timings, "timings");
        }
    }
}
