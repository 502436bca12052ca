package dev.helix.runtime.llamacpp;

/**
 * llama.cpp thread counts when a model's options leave them at 0, from measurements on 2 cores (benchmarks/
 * RESULTS.md, threads table; one stream, the binding alone and through Helix's full path):
 * <ul>
 *   <li>Tiny models decode far slower on more threads: each token is less work than OpenMP's synchronisation, and
 *       its spinning threads take the core the JVM needs. Paired runs (binding alone, 4-5 rounds each): 0.7 MB
 *       3.4k tok/s on 1 thread vs 1.1k on 2; 6.8 MB (3.3M parameters F16) 1.8k vs 1.5k; from 18 MB (9M F16) on,
 *       2 threads won: 18 MB 530 vs 640, 30 MB (15M F16) 360 vs 420.</li>
 *   <li>From ~60M parameters up (120-300 MB files, F16, F32 and Q8_0) 2 threads decoded 1.19-1.29x faster than 1 on
 *       the binding alone, and 1.31x through Helix's full path (60M F32), the server's own work included.</li>
 *   <li>Prompts (batches) were 30-42% faster on 2 threads for every size from 15M up.</li>
 * </ul>
 * On bigger machines the count follows the cores, halved above 4 on the assumption of two hardware threads per
 * core (llama.cpp's own default counts physical cores).
 */
public final class ThreadDefaults {
    /** Files below this decode on one thread (the crossover measured between 6.8 and 18 MB). */
    static final long SMALL_MODEL_BYTES = 12L << 20;
    /** Files below this also evaluate prompts on one thread. */
    static final long TINY_MODEL_BYTES = 8L << 20;

    private ThreadDefaults() {}

    /** Threads for generating tokens. */
    public static int decode(long fileSize, int cores) {
        return fileSize < SMALL_MODEL_BYTES ? 1 : compute(cores);
    }

    /** Threads for evaluating prompts (batches). */
    public static int batch(long fileSize, int cores) {
        return fileSize < TINY_MODEL_BYTES ? 1 : compute(cores);
    }

    private static int compute(int cores) {
        return cores <= 4 ? Math.max(1, cores) : Math.max(4, cores / 2);
    }
}
