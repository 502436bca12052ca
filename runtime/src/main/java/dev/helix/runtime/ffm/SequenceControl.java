package dev.helix.runtime.ffm;

/**
 * One generation in the decode loop, seen from other threads: cancel it, or tell the loop that its consumer has room
 * again after {@link ChunkSink#ready()} said no. Both are idempotent and never block.
 */
public final class SequenceControl implements AutoCloseable {
    private final Sequence sequence;
    private final DecodeLoop loop;

    SequenceControl(Sequence sequence, DecodeLoop loop) {
        this.sequence = sequence;
        this.loop = loop;
    }

    /** The consumer took chunks: a sequence the loop paused for it steps again. */
    public void resume() {
        if (sequence.waitingForReader) {
            sequence.waitingForReader = false;
            loop.wake();
        }
    }

    /** Cancels an unfinished generation; the loop frees its cells and ends it with a CANCELLED done. */
    @Override
    public void close() {
        if (!sequence.cancelled) {
            sequence.cancelled = true;
            loop.wake();
        }
    }
}
