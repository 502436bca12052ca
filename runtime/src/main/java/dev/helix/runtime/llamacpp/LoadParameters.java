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
 * @param threads      generation threads actually used
 * @param threadsBatch prompt (batch) threads actually used
 * @param gpuLayers    {@code n_gpu_layers} actually used: {@code gpu_layers} as configured (auto = 0) until
 *                     {@link LlamaCppProvider} plans it ({@link dev.helix.runtime.gpu.LayerPlanner})
 */
record LoadParameters(Path model, ModelLoadOptions options, int slotContext, int parallel, int threads,
                      int threadsBatch, PoolingType pooling, int gpuLayers) {

    /** llama.cpp's pooling type ids (llama.h) for the ones that are safe to use in b4916. */
    private static final int POOLING_NONE = 0;
    private static final int POOLING_MEAN = 1;
    private static final int POOLING_CLS = 2;
    private static final int POOLING_LAST = 3;

    static LoadParameters resolve(Path model, ModelLoadOptions options, ModelFacts facts, int cores) {
        int threads = options.threads() > 0 ? options.threads() : ThreadDefaults.decode(facts.fileSize(), cores);
        int threadsBatch = options.threads() > 0 ? options.threads() : ThreadDefaults.batch(facts.fileSize(), cores);
        int slotContext = options.effectiveContextSize(facts.trainedContext());
        int parallel = options.effectiveParallel(facts.kvBytesPerToken(), slotContext);
        return new LoadParameters(model, options, slotContext, parallel, threads, threadsBatch,
                pooling(facts.poolingType()), Math.max(0, options.gpuLayers()));
    }

    LoadParameters withGpuLayers(int layers) {
        return new LoadParameters(model, options, slotContext, parallel, threads, threadsBatch, pooling, layers);
    }

    /**
     * The binding engine's embedding pooling. MEAN aborts the process in b4916 (llama.cpp #12517): a file that
     * asks for it is refused at the embedding request ({@link LlamaCppProvider#embed}) before this context is
     * created; a generative model (no pooling type, or NONE, which only returns the first token's vector) gets LAST.
     */
    private static PoolingType pooling(int fileType) {
        return switch (fileType) {
            case POOLING_CLS -> PoolingType.CLS;
            case POOLING_LAST, POOLING_NONE, POOLING_MEAN -> PoolingType.LAST;
            default -> PoolingType.LAST;
        };
    }

    /**
     * The micro-batch a prompt is evaluated in. llama.cpp sizes its compute buffer by it (logits of every token in
     * it over the whole vocabulary, and attention over the whole context): for a 60M model with 32k vocabulary and
     * 4 x 2048 tokens of context, 148 MiB at 512, 74 at 256, 37 at 128. On a CPU, prompts measured no slower at 128
     * (~400 tokens: 1.95-2.01 s at 512, 1.85-1.89 s at 256, 1.70-1.95 s at 128), so CPU models use 128; GPUs want
     * big batches, so offloaded models keep llama.cpp's 512.
     */
    int microBatch() {
        return gpuLayers > 0 ? 512 : 128;
    }

    ModelParameters toModelParameters() {
        var p = new ModelParameters()
                .setModel(model.toString())
                .setCtxSize(slotContext * parallel)
                .setParallel(parallel)
                .setThreads(threads)
                .setThreadsBatch(threadsBatch)
                .setBatchSize(options.batchSize())
                .setUbatchSize(Math.min(options.batchSize(), microBatch()))
                .enableJinja()
                // Without a context shift a full context ends the generation (finish reason "length") instead of
                // silently dropping the start of the conversation.
                .disableContextShift();
        if (gpuLayers > 0) {
            p.setGpuLayers(gpuLayers);
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
                .setThreadsBatch(threadsBatch)
                .setBatchSize(batch)
                .setUbatchSize(batch)
                .disableContextShift()
                .enableEmbedding()
                .setPoolingType(pooling);
        if (gpuLayers > 0) {
            p.setGpuLayers(gpuLayers);
        }
        if (!options.mmap()) {
            p.disableMmap();
        }
        return p;
    }
}
