package dev.helix.provider;

/** Where the time of one request went, in nanoseconds (Ollama reports these as they are). */
public record Timings(long loadNanos, long promptNanos, long generationNanos) {
    public static final Timings NONE = new Timings(0, 0, 0);

    public Timings {
        if (loadNanos < 0 || promptNanos < 0 || generationNanos < 0) {
            throw new IllegalArgumentException("timings must be >= 0");
        }
    }

    public Timings withLoadNanos(long nanos) {
        return new Timings(nanos, promptNanos, generationNanos);
    }
}
