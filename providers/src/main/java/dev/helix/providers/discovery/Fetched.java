package dev.helix.providers.discovery;

import dev.helix.providers.upstream.Reply;
import java.util.Objects;

/** The outcome of one probe: an answer, or why there was none. */
sealed interface Fetched {

    /** Why a probe got no answer. */
    enum Failure {
        /** Nothing listens there (connection refused). */
        REFUSED,
        /** No whole answer within the probe's time. */
        TIMED_OUT,
        /** The connection broke or the answer was not HTTP. */
        BROKEN
    }

    record Answered(Reply reply) implements Fetched {
        public Answered {
            Objects.requireNonNull(reply, "reply");
        }
    }

    record Failed(Failure failure, String detail) implements Fetched {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
