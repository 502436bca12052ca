package dev.helix.providers.fake;

import java.util.Objects;

/**
 * A way for a fake upstream to misbehave, injected by a test with {@link FakeUpstream#inject(Fault)}. Faults apply to
 * generation requests (chat, completions, generate) unless injected with {@link Scope#EVERYTHING}. (To refuse
 * connections, use a {@link ClosedPort} or close the fake.)
 */
public sealed interface Fault {

    /** Which requests a fault applies to. */
    enum Scope {
        /** Chat, completion and generate requests only. */
        GENERATION,
        /** Every request, fingerprint and listing endpoints included. */
        EVERYTHING
    }

    /**
     * An error answer in the server's own error shape. {@code status} is what the test asks for; FastChat answers
     * every error with HTTP 400 and its own code (50001 for an internal error), as the real one does.
     */
    record ServerError(int status, String message) implements Fault {
        public ServerError {
            Objects.requireNonNull(message, "message");
        }

        public static ServerError internal() {
            return new ServerError(500, "the fake upstream failed on purpose");
        }
    }

    /** Accept the request, then answer nothing until the gate lets it through (then answer normally). */
    record Hang(Gate gate) implements Fault {
        public Hang {
            Objects.requireNonNull(gate, "gate");
        }
    }

    /** Send the first {@code tokens} tokens (status and headers included), then close the connection mid-body. */
    record DieMidStream(int tokens) implements Fault {
        public DieMidStream {
            if (tokens < 0) {
                throw new IllegalArgumentException("tokens >= 0");
            }
        }
    }

    /**
     * Send the first {@code tokens} tokens, then the dialect's mid-stream error (Ollama: an NDJSON line
     * {@code {"error":"..."}}; OpenAI: an event {@code data: {"error":{...}}}) and end the stream properly, status
     * 200 having gone out long before. KoboldCpp's stream has no error event: there the connection is cut instead.
     */
    record ErrorMidStream(int tokens, String message) implements Fault {
        public ErrorMidStream {
            Objects.requireNonNull(message, "message");
            if (tokens < 0) {
                throw new IllegalArgumentException("tokens >= 0");
            }
        }
    }

    /** Answer 200 with a body (or a stream event) that is not valid JSON. */
    record MalformedJson() implements Fault {
    }

    /** Wait at the gate before each token (for streams: before each token's event). */
    record Slow(Gate gate) implements Fault {
        public Slow {
            Objects.requireNonNull(gate, "gate");
        }
    }
}
