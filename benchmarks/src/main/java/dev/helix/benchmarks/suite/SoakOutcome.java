package dev.helix.benchmarks.suite;

/**
 * How one soak request ended, from the client's side.
 *
 * @param kind   which of the kinds below
 * @param detail the status and message of a failure (for counting them by kind), else ""
 */
record SoakOutcome(Kind kind, String detail) {
    enum Kind {
        /** The stream ended as the protocol says a complete answer ends. */
        OK,
        /** The client went away after the first token, on purpose. */
        DISCONNECTED,
        /** An HTTP error status with an error body in the API's own shape. */
        API_ERROR,
        /** A 200 stream that ended with an error event in the API's own shape. */
        STREAM_ERROR,
        /** A failure not in the API's shape: another body, a stream that stopped without its end or an error. */
        MALFORMED,
        /** The connection failed (reset, refused) before an answer. */
        TRANSPORT,
        /** No end within the hang limit: the client gave up. */
        HUNG;

        /** A failure a client can act on: an error in the API's shape. */
        boolean shapedFailure() {
            return this == API_ERROR || this == STREAM_ERROR;
        }

        /** What must never happen. */
        boolean defect() {
            return this == MALFORMED || this == TRANSPORT || this == HUNG;
        }
    }

    static SoakOutcome of(Kind kind) {
        return new SoakOutcome(kind, "");
    }

    static SoakOutcome of(Kind kind, String detail) {
        return new SoakOutcome(kind, detail);
    }
}
