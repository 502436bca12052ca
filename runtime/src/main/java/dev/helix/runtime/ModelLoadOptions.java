package dev.helix.runtime;

/**
 * How an embedded model is loaded. Validated here, in Java, because the binding turns an option it cannot
 * parse into a null native context that crashes the process later.
 *
 * @param contextSize  context (KV cache) per request in tokens; each parallel slot gets this many, so no request
 *                     fails for lack of cache when all slots are busy. 0 = the model's trained context, at most
 *                     {@value #AUTO_CONTEXT_CAP}
 * @param threads      generation threads; 0 = pick from the model size and the machine
 * @param batchSize    logical batch size for prompt processing
 * @param gpuLayers    layers to offload to a GPU (ignored by CPU builds)
 * @param mmap         map the file instead of reading it
 * @param parallel     KV cache slots, i.e. requests decoded at once (continuous batching)
 * @param embeddings   load with embeddings enabled
 */
public record ModelLoadOptions(int contextSize, int threads, int batchSize, int gpuLayers, boolean mmap,
                               int parallel, boolean embeddings) {

    /** The largest context an automatic choice picks; bigger contexts must be asked for. */
    public static final int AUTO_CONTEXT_CAP = 4096;

    public static final ModelLoadOptions DEFAULTS = new ModelLoadOptions(0, 0, 512, 0, true, 1, true);

    public ModelLoadOptions {
        check(contextSize == 0 || (contextSize >= 16 && contextSize <= 1 << 21),
                "context_size must be 0 (auto) or in [16, 2097152]");
        check(threads >= 0 && threads <= 1024, "threads must be in [0, 1024]");
        check(batchSize >= 1 && batchSize <= 1 << 16, "batch_size must be in [1, 65536]");
        check(gpuLayers >= 0 && gpuLayers <= 10_000, "gpu_layers must be in [0, 10000]");
        check(parallel >= 1 && parallel <= 64, "parallel must be in [1, 64]");
        check((long) contextSize * parallel <= 1 << 22, "context_size x parallel must be at most 4194304 tokens");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The context per request for a model trained on {@code trainedContext} tokens (0 = unknown). */
    public int effectiveContextSize(long trainedContext) {
        if (contextSize > 0) {
            return contextSize;
        }
        return trainedContext > 0 ? (int) Math.min(trainedContext, AUTO_CONTEXT_CAP) : AUTO_CONTEXT_CAP;
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

    public ModelLoadOptions withEmbeddings(boolean value) {
        return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, parallel, value);
    }
}
