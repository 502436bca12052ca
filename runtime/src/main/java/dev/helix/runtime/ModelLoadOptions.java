package dev.helix.runtime;

/**
 * How an embedded model is loaded. Validated here, in Java, because the binding turns an option it cannot
 * parse into a null native context that crashes the process later.
 *
 * @param contextSize  context (KV cache) per request in tokens; each parallel slot gets this many, so no request
 *                     fails for lack of cache when all slots are busy. 0 = the model's trained context, at most
 *                     {@value #AUTO_CONTEXT_CAP}
 * @param threads      llama.cpp threads for generation and prompts; 0 = picked from the model size and the machine
 *                     ({@code dev.helix.runtime.llamacpp.ThreadDefaults}, measured per size)
 * @param batchSize    logical batch size for prompt processing
 * @param gpuLayers    layers to offload to a GPU (ignored by CPU builds), capped at the model's; {@value
 *                     #GPU_LAYERS_AUTO} = auto, as many as the GPUs' free memory holds
 *                     ({@link dev.helix.runtime.gpu.LayerPlanner}), none without a GPU
 * @param mmap         map the file instead of reading it
 * @param parallel     KV cache slots, i.e. requests decoded together (continuous batching); 0 = as many as
 *                     {@value #AUTO_PARALLEL_MAX} while their KV cache stays within {@value #AUTO_KV_BUDGET_MB} MiB
 * @param embeddings   load with embeddings enabled
 * @param engine       what runs the model: the binding (default) or Helix's own FFM engine
 * @param nativeDir    the llama.cpp library the ffm engine opens: a {@code native/build.sh} install folder, or
 *                     {@code bundled} for the jar's; null = {@code -Dhelix.native.dir}, {@code HELIX_NATIVE_DIR},
 *                     {@code ~/.helix/native/<backend>/current}, the jar's, in that order
 */
public record ModelLoadOptions(int contextSize, int threads, int batchSize, int gpuLayers, boolean mmap,
                               int parallel, boolean embeddings, Engine engine, String nativeDir) {

    /** The largest context an automatic choice picks; bigger contexts must be asked for. */
    public static final int AUTO_CONTEXT_CAP = 4096;

    /** The most slots an automatic choice picks. */
    public static final int AUTO_PARALLEL_MAX = 4;

    /** The KV cache an automatic choice of slots may take, in MiB. */
    public static final int AUTO_KV_BUDGET_MB = 1024;

    /** {@code gpu_layers: auto}: planned from the GPUs' free memory at load; 0 layers on a machine without one. */
    public static final int GPU_LAYERS_AUTO = -1;

    public static final ModelLoadOptions DEFAULTS = new ModelLoadOptions(0, 0, 512, GPU_LAYERS_AUTO, true, 0, true);

    /** Options for the binding engine. */
    public ModelLoadOptions(int contextSize, int threads, int batchSize, int gpuLayers, boolean mmap, int parallel,
                            boolean embeddings) {
        this(contextSize, threads, batchSize, gpuLayers, mmap, parallel, embeddings, Engine.BINDING);
    }

    /** Options whose ffm engine resolves its library as the process does. */
    public ModelLoadOptions(int contextSize, int threads, int batchSize, int gpuLayers, boolean mmap, int parallel,
                            boolean embeddings, Engine engine) {
        this(contextSize, threads, batchSize, gpuLayers, mmap, parallel, embeddings, engine, null);
    }

    public ModelLoadOptions {
        engine = engine == null ? Engine.BINDING : engine;
        nativeDir = nativeDir == null || nativeDir.isBlank() ? null : nativeDir.strip();
        check(contextSize == 0 || (contextSize >= 16 && contextSize <= 1 << 21),
                "context_size must be 0 (auto) or in [16, 2097152]");
        check(threads >= 0 && threads <= 1024, "threads must be in [0, 1024]");
        check(batchSize >= 1 && batchSize <= 1 << 16, "batch_size must be in [1, 65536]");
        check(gpuLayers >= GPU_LAYERS_AUTO && gpuLayers <= 10_000, "gpu_layers must be auto (-1) or in [0, 10000]");
        check(parallel >= 0 && parallel <= 64, "parallel must be 0 (auto) or in [1, 64]");
        check((long) contextSize * parallel <= 1 << 22, "context_size x parallel must be at most 4194304 tokens");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The slots for a model whose KV cache takes {@code kvBytesPerToken} per token of context (0 = unknown), with
     * {@code slotContext} tokens per slot: the configured count, or the most (up to {@link #AUTO_PARALLEL_MAX})
     * whose cache fits {@link #AUTO_KV_BUDGET_MB}. Slots decode in one batch: measured with 4 concurrent streams on
     * a 60M-parameter model (2 cores), 4 slots gave 1.4x (1 thread) to 1.7x (2 threads) the aggregate tokens/s of
     * one slot, at no measurable cost to a single stream.
     */
    public int effectiveParallel(long kvBytesPerToken, int slotContext) {
        if (parallel > 0) {
            return parallel;
        }
        long budget = (long) AUTO_KV_BUDGET_MB << 20;
        for (int slots = AUTO_PARALLEL_MAX; slots > 1; slots /= 2) {
            if (kvBytesPerToken > 0 && kvBytesPerToken * slotContext * slots <= budget) {
                return slots;
            }
        }
        return 1;
    }

    /** The context per request for a model trained on {@code trainedContext} tokens (0 = unknown). */
    public int effectiveContextSize(long trainedContext) {
        if (contextSize > 0) {
            return contextSize;
        }
        return trainedContext > 0 ? (int) Math.min(trainedContext, AUTO_CONTEXT_CAP) : AUTO_CONTEXT_CAP;
    }

    public ModelLoadOptions withContextSize(int value) {
        return new ModelLoadOptions(value, threads, batchSize, gpuLayers, mmap, parallel, embeddings, engine,
                nativeDir);
    }

    public ModelLoadOptions withThreads(int value) {
        return new ModelLoadOptions(contextSize, value, batchSize, gpuLayers, mmap, parallel, embeddings, engine,
                nativeDir);
    }

    public ModelLoadOptions withParallel(int value) {
        return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, value, embeddings, engine,
                nativeDir);
    }

    public ModelLoadOptions withEmbeddings(boolean value) {
        return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, parallel, value, engine,
                nativeDir);
    }

    public ModelLoadOptions withNativeDir(String value) {
        return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, parallel, embeddings, engine,
                value);
    }

    public ModelLoadOptions withEngine(Engine value) {
        return new ModelLoadOptions(contextSize, threads, batchSize, gpuLayers, mmap, parallel, embeddings, value,
                nativeDir);
    }
}
