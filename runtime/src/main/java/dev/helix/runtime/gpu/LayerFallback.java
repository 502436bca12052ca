package dev.helix.runtime.gpu;

import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Loads with fewer GPU layers when a load with more fails: the count halves on each failure, and the last of at most
 * {@link #MAX_ATTEMPTS} tries is always 0 (CPU only), so a model that does not fit its GPU runs slower instead of not
 * at all. Every failed load with layers on a GPU is retried: llama.cpp reports a failed device allocation only in its
 * log ({@code cudaMalloc failed: out of memory}), and the load's own error just says it failed. A load that fails
 * on the CPU too throws that failure, the first one (with the most layers) attached as suppressed.
 */
public final class LayerFallback {

    /** Loads at most, the last on the CPU: from 81 layers, 81, 40, 20, 10, 5, 2, 1, 0. */
    public static final int MAX_ATTEMPTS = 8;

    private LayerFallback() {
    }

    /**
     * @param layers the planned {@code n_gpu_layers}
     * @param loader loads with the layers it is given; throws a RuntimeException when the load fails
     * @param log    told of each failed try and the next count
     */
    public static <T> T load(int layers, IntFunction<T> loader, Consumer<String> log) {
        RuntimeException first = null;
        int current = layers;
        for (int attempt = 1; ; attempt++) {
            try {
                T loaded = loader.apply(current);
                if (first != null) {
                    log.accept("loaded with " + current + " GPU layers instead of " + layers);
                }
                return loaded;
            } catch (RuntimeException e) {
                if (current == 0) {
                    if (first != null) {
                        e.addSuppressed(first);
                    }
                    throw e;
                }
                if (first == null) {
                    first = e;
                }
                int next = attempt + 1 >= MAX_ATTEMPTS ? 0 : current / 2;
                log.accept("load with " + current + " GPU layers failed (" + e.getMessage() + "); trying " + next
                        + (next == 0 ? " (CPU only)" : ""));
                current = next;
            }
        }
    }
}
