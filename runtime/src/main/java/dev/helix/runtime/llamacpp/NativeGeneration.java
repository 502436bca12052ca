package dev.helix.runtime.llamacpp;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;

/**
 * A {@link NativeRun} consumed on a platform thread of its own and handed over through a queue, for callers that
 * may be virtual threads (the in-process provider behind an HTTP server). The queue always ends with exactly one
 * {@link Chunk.Done} (CANCELLED after a close, which also wakes a consumer blocked in {@link #next()}) or one error.
 * The producer runs at most {@link FlowWindow#SIZE} chunks ahead of the consumer, so a generation nobody reads stops
 * and holds its slot until it is read or closed.
 */
final class NativeGeneration implements ChunkStream {
    private final ChunkQueue queue = new ChunkQueue();
    private final FlowWindow window = new FlowWindow();
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
                Chunk chunk = run.next();
                if (chunk instanceof Chunk.Done || window.acquire()) {
                    queue.add(chunk);
                }
            }
        } catch (InterruptedException e) {
            queue.fail(new ProviderFailedException("generation interrupted"));
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
            Chunk chunk = queue.take();
            if (!(chunk instanceof Chunk.Done)) {
                window.grant(1);
            }
            return chunk;
        } catch (ProviderException e) {
            run.close();
            throw e;
        }
    }

    @Override
    public void close() {
        queue.finish();
        run.close();
        window.close();
    }
}
