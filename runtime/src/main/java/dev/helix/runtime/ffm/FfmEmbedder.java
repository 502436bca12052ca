package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ProviderFailedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An embedding context on a loaded model ({@code embeddings = true}), apart from the generation context so that
 * generation goes on while it runs and computes no embeddings itself. Several inputs go into one
 * {@code llama_batch}, each with a sequence id of its own, as many as {@code batchSize} tokens and
 * {@code maxSequences} allow (more are decoded in further batches); the batch is one micro-batch, so each input's
 * tokens are pooled together. Every sequence's cells are freed after its batch.
 *
 * <p>Every pooling is done here from the per-token vectors of a context without pooling
 * ({@code llama_get_embeddings_ith}): MEAN their plain average, CLS the first row, LAST the last, which is what
 * llama.cpp's own pooling computes from the same rows. b4916 aborts the process when a context with MEAN pooling is
 * created (llama.cpp #12517, {@code GGML_ASSERT(ggml_can_mul_mat(a, b))} in {@code build_pooling}), and the current
 * library's {@code llama_get_embeddings_seq} gave CLS vectors of a batch that differ from the same input's alone, so
 * one way on both libraries. Pooled vectors are L2-normalised, as llama-server and the binding return them.
 *
 * <p>One caller at a time: calls are serialised on a lock of its own; the generation context is not touched.
 */
public final class FfmEmbedder implements AutoCloseable {
    private final LlamaLibrary.Functions fn;
    private final StructLayout layout;
    private final MemorySegment context;
    private final Pooling pooling;
    private final int batchSize;
    private final int maxSequences;
    private final int dimensions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment batch;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqIds;
    private boolean closed;

    private FfmEmbedder(LlamaLibrary library, MemorySegment context, Pooling pooling, int batchSize,
                        int maxSequences, int dimensions) {
        this.fn = library.fn;
        this.layout = library.api().batch();
        this.context = context;
        this.pooling = pooling;
        this.batchSize = batchSize;
        this.maxSequences = maxSequences;
        this.dimensions = dimensions;
        batch = arena.allocate(layout);
        tokens = arena.allocate(JAVA_INT, batchSize);
        positions = arena.allocate(JAVA_INT, batchSize);
        seqIds = arena.allocate(JAVA_INT, batchSize);
        MemorySegment seqCounts = arena.allocate(JAVA_INT, batchSize);
        MemorySegment seqPointers = arena.allocate(ADDRESS, batchSize);
        MemorySegment outputs = arena.allocate(JAVA_BYTE, batchSize);
        for (int i = 0; i < batchSize; i++) {
            seqCounts.setAtIndex(JAVA_INT, i, 1);
            seqPointers.setAtIndex(ADDRESS, i, seqIds.asSlice((long) i * Integer.BYTES, Integer.BYTES));
            outputs.set(JAVA_BYTE, i, (byte) 1); // every row: MEAN and NONE read them all
        }
        batch.set(ADDRESS, CApi.offset(layout, "token"), tokens);
        batch.set(ADDRESS, CApi.offset(layout, "embd"), MemorySegment.NULL);
        batch.set(ADDRESS, CApi.offset(layout, "pos"), positions);
        batch.set(ADDRESS, CApi.offset(layout, "n_seq_id"), seqCounts);
        batch.set(ADDRESS, CApi.offset(layout, "seq_id"), seqPointers);
        batch.set(ADDRESS, CApi.offset(layout, "logits"), outputs);
    }

    /**
     * Creates the context.
     *
     * @param batchSize    tokens per batch, and so the longest input
     * @param maxSequences inputs per batch at most
     * @throws InvalidRequestException for RANK, which is a reranker's score, not an embedding
     */
    static FfmEmbedder create(LlamaLibrary library, MemorySegment model, Pooling pooling, int batchSize,
                              int maxSequences, int threads, int threadsBatch) {
        if (pooling == Pooling.RANK) {
            throw new InvalidRequestException("the model's pooling type is rank (a reranker): it scores pairs and "
                    + "makes no embeddings");
        }
        var fn = library.fn;
        int sequences = Math.max(1, Math.min(maxSequences, batchSize));
        Pooling nativePooling = Pooling.NONE; // every pooling is done from the rows here (see the class comment)
        try (Arena params = Arena.ofConfined()) {
            MemorySegment cp = fn.contextDefaultParams(params);
            StructLayout cl = library.api().contextParams();
            cp.set(JAVA_INT, CApi.offset(cl, "n_ctx"), batchSize);
            cp.set(JAVA_INT, CApi.offset(cl, "n_batch"), batchSize);
            cp.set(JAVA_INT, CApi.offset(cl, "n_ubatch"), batchSize);
            cp.set(JAVA_INT, CApi.offset(cl, "n_seq_max"), sequences);
            cp.set(JAVA_INT, CApi.offset(cl, "n_threads"), threads);
            cp.set(JAVA_INT, CApi.offset(cl, "n_threads_batch"), threadsBatch);
            cp.set(JAVA_INT, CApi.offset(cl, "pooling_type"), nativePooling.id());
            cp.set(JAVA_BOOLEAN, CApi.offset(cl, "embeddings"), true);
            cp.set(JAVA_BOOLEAN, CApi.offset(cl, "no_perf"), true);
            MemorySegment context = (MemorySegment) fn.initFromModel.invokeExact(model, cp);
            if (context.equals(MemorySegment.NULL)) {
                throw new ProviderFailedException("llama.cpp could not create an embedding context of " + batchSize
                        + " tokens");
            }
            int dimensions = (int) fn.modelNEmbd.invokeExact(model);
            return new FfmEmbedder(library, context, pooling, batchSize, sequences, dimensions);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Length of every vector. */
    public int dimensions() {
        return dimensions;
    }

    /**
     * One L2-normalised vector per input, pooled as {@link #pooling()} says; inputs are token ids as
     * {@link FfmModel#tokenize} gives them with special tokens added.
     *
     * @throws InvalidRequestException when an input is empty or longer than the batch size, or the pooling is NONE
     */
    public List<float[]> embed(List<int[]> inputs) {
        if (pooling == Pooling.NONE) {
            throw new InvalidRequestException("the model's pooling type is none (one vector per token): it makes "
                    + "no vector per input");
        }
        List<float[]> vectors = new ArrayList<>(inputs.size());
        lock.lock();
        try {
            checkOpen();
            int first = 0;
            while (first < inputs.size()) {
                int end = first;
                int rows = 0;
                while (end < inputs.size() && end - first < maxSequences
                        && rows + check(inputs.get(end)).length <= batchSize) {
                    rows += inputs.get(end).length;
                    end++;
                }
                List<int[]> group = inputs.subList(first, end);
                decode(group);
                int row = 0;
                for (int s = 0; s < group.size(); s++) {
                    vectors.add(normalized(pooled(s, row, group.get(s).length)));
                    row += group.get(s).length;
                }
                first = end;
            }
            return vectors;
        } finally {
            lock.unlock();
        }
    }

    /** Each token's vector, as llama.cpp's NONE pooling gives them (not normalised): for checks and tests. */
    public float[][] tokenVectors(int[] input) {
        lock.lock();
        try {
            checkOpen();
            decode(List.of(check(input)));
            float[][] rows = new float[input.length][];
            for (int i = 0; i < input.length; i++) {
                rows[i] = row(i);
            }
            return rows;
        } finally {
            lock.unlock();
        }
    }

    private int[] check(int[] input) {
        if (input.length == 0) {
            throw new InvalidRequestException("an embedding input has no tokens");
        }
        if (input.length > batchSize) {
            throw new InvalidRequestException("an embedding input is " + input.length + " tokens; at most "
                    + batchSize + " (batch_size) fit", null, InvalidRequestException.CONTEXT_LENGTH_EXCEEDED);
        }
        return input;
    }

    /** Decodes the inputs as sequences 0..n-1 of one batch, then frees their cells whatever happened. */
    private void decode(List<int[]> group) {
        int row = 0;
        for (int s = 0; s < group.size(); s++) {
            int[] input = group.get(s);
            for (int i = 0; i < input.length; i++, row++) {
                tokens.setAtIndex(JAVA_INT, row, input[i]);
                positions.setAtIndex(JAVA_INT, row, i);
                seqIds.setAtIndex(JAVA_INT, row, s);
            }
        }
        batch.set(JAVA_INT, CApi.offset(layout, "n_tokens"), row);
        int rc;
        try {
            rc = (int) fn.decode.invokeExact(context, batch);
        } catch (Throwable t) {
            clear(group.size());
            throw LlamaLibrary.rethrow(t);
        }
        if (rc != 0) {
            clear(group.size());
            throw new ProviderFailedException("llama_decode failed (" + rc + ") on an embedding batch");
        }
        // the vectors stay readable after the cells are freed: they are copied out of the graph at decode
        clear(group.size());
    }

    private void clear(int sequences) {
        try {
            MemorySegment kv = fn.kvOf(context); // the context itself on b4916, its llama_memory_t after
            for (int s = 0; s < sequences; s++) {
                boolean ignored = (boolean) fn.seqRemove.invokeExact(kv, s, -1, -1);
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** Sequence {@code s}'s vector, its tokens being batch rows {@code from} to {@code from + count - 1}. */
    private float[] pooled(int s, int from, int count) {
        switch (pooling) {
            case CLS -> {
                return row(from);
            }
            case LAST -> {
                return row(from + count - 1);
            }
            default -> { } // MEAN, below
        }
        double[] sum = new double[dimensions];
        for (int i = from; i < from + count; i++) {
            float[] r = row(i);
            for (int d = 0; d < dimensions; d++) {
                sum[d] += r[d];
            }
        }
        float[] mean = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            mean[d] = (float) (sum[d] / count);
        }
        return mean;
    }

    private float[] row(int i) {
        try {
            MemorySegment v = (MemorySegment) fn.embeddingsIth.invokeExact(context, i);
            return read(v, "llama_get_embeddings_ith(" + i + ")");
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    private float[] read(MemorySegment v, String call) {
        if (v.equals(MemorySegment.NULL)) {
            throw new ProviderFailedException(call + " returned no vector");
        }
        return v.reinterpret((long) dimensions * Float.BYTES).toArray(JAVA_FLOAT);
    }

    /** The vector scaled to length one (llama.cpp's {@code common_embd_normalize} with norm 2); zero stays zero. */
    static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        float scale = norm > 0 ? (float) (1.0 / norm) : 0f;
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * scale;
        }
        return out;
    }

    private void checkOpen() {
        if (closed) {
            throw new ProviderFailedException("the model was unloaded");
        }
    }

    /** Frees the context; waits for a running call. The model stays loaded. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            fn.free.invokeExact(context);
            arena.close();
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        } finally {
            lock.unlock();
        }
    }
}
