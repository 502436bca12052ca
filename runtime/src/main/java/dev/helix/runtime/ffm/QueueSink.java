package dev.helix.runtime.ffm;

import dev.helix.provider.Chunk;
import java.util.concurrent.LinkedBlockingQueue;

/** A generation's chunks queued for a reader thread ({@link FfmStream}), at most {@link #WINDOW} ahead of it. */
final class QueueSink implements ChunkSink {
    /** Chunks a stream may have unread before the loop stops decoding it (flow control). */
    static final int WINDOW = 16;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void accept(Chunk chunk) {
        queue.add(chunk);
    }

    @Override
    public void fail(RuntimeException error) {
        queue.add(error);
    }

    @Override
    public boolean ready() {
        return queue.size() < WINDOW;
    }

    /** The next chunk, or the error that ended the generation. */
    Object take() throws InterruptedException {
        return queue.take();
    }
}
