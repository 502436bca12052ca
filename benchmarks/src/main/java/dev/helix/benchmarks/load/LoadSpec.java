package dev.helix.benchmarks.load;

import java.util.function.IntFunction;

/**
 * One load run: {@code concurrency} clients share {@code requests} streamed requests, each client sending its next
 * request as soon as its previous one ended. Request i is {@code request.apply(i)}; {@code warmup} requests (indices
 * {@link #WARMUP_BASE} and up, so never the same prompts as measured ones) run first at the same concurrency and
 * are not counted.
 */
public record LoadSpec(String label, int concurrency, int requests, int warmup, IntFunction<StreamRequest> request) {
    /** Warm-up requests use indices from here, so their prompts never match a measured request's. */
    public static final int WARMUP_BASE = 1_000_000;

    public LoadSpec {
        if (concurrency < 1 || requests < 1 || warmup < 0) {
            throw new IllegalArgumentException("concurrency and requests must be at least 1, warmup at least 0");
        }
    }

    public LoadSpec withLabel(String value) {
        return new LoadSpec(value, concurrency, requests, warmup, request);
    }
}
