package dev.helix.runtime;

/**
 * How an embedded model is loaded. Validated here, in Java, because the binding turns an option it cannot
 * parse into a null native context that crashes the process later.
 *
 * @param contextSize  total KV cache size in tokens, shared by the parallel slots
 * @param threads      generation threads; 0 = pick from the model size and the machine
 * @param batchSize    logical batch size for prompt processing
 * @param gpuLayers    layers to offload to a GPU (0 on CPU builds)
 * @param mmap         map the file instead of reading it
 * @param parallel     KV cache slots, i.e. requests served at once
 * @param embeddings   load with embeddings enabled
 */
public record ModelLoadOptions(int contextSize, int threads, int batchSize, int gpuLayers, boolean mmap,
                               int parallel, boolean embeddings) {

    public static final ModelLoadOptions DEFAULTS = new ModelLoadOptions(4096, 0, 512, 0, true, 1, true);

    public ModelLoadOptions {
        check(contextSize >= 16 && contextSize <= 1 << 21, "context size must be in [16, 2097152]");
        check(threads >= 0 && threads <= 1024, "threads must be in [0, 1024]");
        check(batchSize >= 1 && batchSize <= 1 << 16, "batch size must be in [1, 65536]");
        check(gpuLayers >= 0 && gpuLayers <= 10_000, "gpu layers must be in [0, 10000]");
        check(parallel >= 1 && parallel <= 64, "parallel slots must be in [1, 64]");
        check(contextSize / parallel >= 16, "context size per slot must be >= 16");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public ModelLoadOptions withContextSize(int value) {
        return new ModelLoadOptions(value, threads, batchSize, gpuLayers, mmap, parallel, embeddings);
    }

    public ModelLoadOptions withThreads(int value) {
        return new ModelLoadOptions(contextSize, value, batchSize, gpuLayers, mmap, parallel, embeddings);
    }

    public ModelLoadOptions withParallel(int value) {
        return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, value, embeddings);
    }
}
