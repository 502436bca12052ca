package dev.helix.benchmarks.load;

/**
 * What one streamed request measured. Times are nanoseconds from the moment the request was sent (for the in-process
 * baseline: from the moment generation was asked for).
 *
 * @param ok               whether the stream ended as the protocol says a complete answer ends
 * @param error            why it failed, or null
 * @param ttftNanos        until the first non-empty piece of text (0 if none came)
 * @param lastTokenNanos   until the last non-empty piece of text (0 if none came)
 * @param totalNanos       until the end of the stream
 * @param tokens           non-empty text pieces received: one per token on Helix, llama-server and Ollama
 * @param promptTokens     prompt tokens the server reported, or -1
 * @param completionTokens generated tokens the server reported, or -1
 * @param text             the answer
 */
public record StreamResult(boolean ok, String error, long ttftNanos, long lastTokenNanos, long totalNanos, int tokens,
                           int promptTokens, int completionTokens, String text) {

    public static StreamResult failed(String error, long totalNanos) {
        return new StreamResult(false, error, 0, 0, totalNanos, 0, -1, -1, "");
    }

    /** Decode speed of this stream: tokens after the first over the time after the first; 0 with fewer than 2. */
    public double decodeTokensPerSecond() {
        long decodeNanos = lastTokenNanos - ttftNanos;
        return tokens > 1 && decodeNanos > 0 ? (tokens - 1) * 1e9 / decodeNanos : 0;
    }

    public double ttftMillis() {
        return ttftNanos / 1e6;
    }
}
