package dev.helix.runtime.llamacpp;

import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;
import dev.helix.runtime.ModelLoadOptions;
import java.nio.file.Path;

/**
 * Turns validated {@link ModelLoadOptions} into the binding's llama-server flags. Only flags known to parse are
 * ever passed: a flag the binding cannot parse leaves a null native context that crashes the process later.
 *
 * @param slotContext context per request (each parallel slot gets this many tokens)
 * @param parallel    KV cache slots actually used
 * @param threads     generation and batch threads actually used
 */
record LoadParameters(Path model, ModelLoadOptions options, int slotContext, int parallel, int threads,
                      PoolingType pooling) {

    /** llama.cpp's pooling type ids (llama.h) for the ones that are safe to use in b4916. */
    private static final int POOLING_NONE = 0;
    private static final int POOLING_MEAN = 1;
    private static final int POOLING_CLS = 2;
    private static final int POOLING_LAST = 3;

    static LoadParameters resolve(Path model, ModelLoadOptions options, ModelFacts facts, int cores) {
        int threads = options.threads() > 0 ? options.threads() : autoThreads(facts.fileSize(), cores);
        int slotContext = options.effectiveContextSize(facts.trainedContext());
        int parallel = options.effectiveParallel(facts.kvBytesPerToken(), slotContext);
        return new LoadParameters(model, options, slotContext, parallel, threads, pooling(facts.poolingType()));
    }

    /**
     * The default thread count. On small machines llama.cpp's own default (all cores) makes small models far
     * slower: OpenMP threads spin against the JVM's (see reference/binding.md: 2 threads on 2 cores made tiny
     * models ~20x slower than 1). Small models get one thread; bigger ones one per ~256 MB of weights, leaving a
     * core for the JVM, the HTTP layer and the runner's I/O.
     */
    static int autoThreads(long fileSize, int cores) {
        int spare = Math.max(1, cores - 1);
        long bySize = Math.max(1, fileSize / (256L << 20));
        return (int) Math.min(spare, bySize);
    }

    /**
     * MEAN pooling aborts the process in b4916 (llama.cpp #12517), so a file that asks for it gets LAST; a
     * generative model (no pooling type, or NONE, which only returns the first token's vector) gets LAST too.
     */
    private static PoolingType pooling(int fileType) {
        return switch (fileType) {
            case POOLING_CLS -> PoolingType.CLS;
            case POOLING_LAST, POOLING_NONE, POOLING_MEAN -> PoolingType.LAST;
            default -> PoolingType.LAST;
        };
    }

    ModelParameters toModelParameters() {
        var p = new ModelParameters()
                .setModel(model.toString())
                .setCtxSize(slotContext * parallel)
                .setParallel(parallel)
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setBatchSize(options.batchSize())
                .setUbatchSize(Math.min(options.batchSize(), 512))
                .enableJinja()
                // Without a context shift a full context ends the generation (finish reason "length") instead of
                // silently dropping the start of the conversation.
                .disableContextShift();
        if (options.gpuLayers() > 0) {
            p.setGpuLayers(options.gpuLayers());
        }
        if (!options.mmap()) {
            p.disableMmap();
        }
        return p;
    }

    /**
     * The embedding context: one slot, the whole batch in one micro-batch (llama.cpp embeds an input in one
     * ubatch), pooling enabled. Kept apart from the generation context because b4916 aborts when a pooled input
     * is shorter than the id of the slot it lands on (measured with 4 slots), and so that generation does not
     * compute pooled embeddings for every token.
     */
    ModelParameters toEmbeddingParameters() {
        int batch = options.batchSize();
        var p = new ModelParameters()
                .setModel(model.toString())
                .setCtxSize(Math.max(batch, 64))
                .setParallel(1)
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setBatchSize(batch)
                .setUbatchSize(batch)
                .disableContextShift()
                .enableEmbedding()
                .setPoolingType(pooling);
        if (options.gpuLayers() > 0) {
            p.setGpuLayers(options.gpuLayers());
        }
        if (!options.mmap()) {
            p.disableMmap();
        }
        return p;
    }
}
