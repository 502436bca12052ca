package dev.helix.provider;

import java.util.List;
import java.util.Objects;

/** One event of a generation stream. */
public sealed interface Chunk {

    /**
     * A piece of generated text (one or more tokens; never splits a UTF-8 character).
     *
     * @param logprobs the log-probabilities of the tokens that completed this text, in order, when the request asked
     *                 for them ({@link GenerationOptions#logprobs()}) and the engine gives them; else empty
     */
    record Token(String text, List<TokenLogprob> logprobs) implements Chunk {
        public Token {
            Objects.requireNonNull(text, "text");
            logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
        }

        public Token(String text) {
            this(text, List.of());
        }
    }

    /**
     * Reasoning text a thinking model wrote before its answer (its {@code <think>} block), apart from the answer's
     * {@link Token}s. Only when the request asked for it ({@link GenerationOptions#think()}); otherwise the text stays
     * in the tokens as the model wrote it.
     */
    record Reasoning(String text) implements Chunk {
        public Reasoning {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A whole tool call the model made; calls of one generation are numbered from 0 in order.
     *
     * @param id        a unique id ({@code call_...}) the client echoes in the tool's answer
     * @param arguments the arguments as compact JSON object text
     */
    record ToolCall(int index, String id, String name, String arguments) implements Chunk {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
            if (index < 0) {
                throw new IllegalArgumentException("index must be >= 0");
            }
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
