package dev.helix.runtime.llamacpp;

import dev.helix.runtime.Chunk;
import dev.helix.runtime.ChunkStream;
import dev.helix.runtime.ProviderException;
import dev.helix.runtime.ProviderFailedException;

/**
 * A {@link NativeRun} consumed on a platform thread of its own and handed over through a queue, for callers that
 * may be virtual threads (the in-process provider behind an HTTP server). The queue always ends with exactly one
 * {@link Chunk.Done} (CANCELLED after a close, which also wakes a consumer blocked in {@link #next()}) or one error.
 */
final class NativeGeneration implements ChunkStream {
    private final ChunkQueue queue = new ChunkQueue();
    private final NativeRun run;

    private NativeGeneration(NativeRun run) {
        this.run = run;
    }

    static NativeGeneration start(LlamaCppProvider provider, NativeRun run) {
        var generation = new NativeGeneration(run);
        Thread.ofPlatform()
                .name("helix-generate-" + provider.modelName())
                .daemon()
                .start(generation::produce);
        return generation;
    }

    private void produce() {
        try (run) {
            while (run.hasNext()) {
                queue.add(run.next());
            }
        } catch (ProviderException e) {
            queue.fail(e);
        } catch (RuntimeException | Error e) {
            queue.fail(new ProviderFailedException("generation failed: " + e, e));
        }
    }

    @Override
    public boolean hasNext() {
        return !queue.finished();
    }

    @Override
    public Chunk next() {
        try {
            return queue.take();
        } catch (ProviderException e) {
            run.close();
            throw e;
        }
    }

    @Override
    public void close() {
        queue.finish();
        run.close();
    }
}
