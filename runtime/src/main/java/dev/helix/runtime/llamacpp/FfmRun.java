package dev.helix.runtime.llamacpp;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import dev.helix.runtime.ffm.ChunkSink;
import dev.helix.runtime.ffm.FfmStream;
import dev.helix.runtime.ffm.SequenceControl;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One generation on the ffm engine, with the binding engine's contract: it waits for a slot ({@link SlotGate}, so
 * the queue timeout and busy answers are the same), then reads its own stream of the decode loop. Any thread may
 * consume it, virtual ones too: waiting is on queues, not in native code. {@link #close()} from any thread cancels
 * the sequence (the loop frees its cells and ends the stream with CANCELLED) and gives the slot back.
 */
final class FfmRun implements ChunkStream {
    private final LlamaCppProvider provider;
    private final FfmEngine engine;
    private final NativeRun.Plan plan;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean abandoned;
    private volatile boolean holdsSlot;
    private volatile FfmStream stream;
    private volatile SequenceControl control;
    private volatile boolean finished;

    FfmRun(LlamaCppProvider provider, FfmEngine engine, NativeRun.Plan plan) {
        this.provider = provider;
        this.engine = engine;
        this.plan = plan;
    }

    @Override
    public boolean hasNext() {
        return !finished;
    }

    @Override
    public Chunk next() {
        if (finished) {
            throw new NoSuchElementException();
        }
        try {
            Chunk chunk = stream == null ? begin() : null;
            if (chunk == null) {
                chunk = stream.next();
            }
            if (chunk instanceof Chunk.Done) {
                finished = true;
                release();
            }
            return chunk;
        } catch (RuntimeException e) {
            finished = true;
            release();
            throw e;
        }
    }

    /**
     * Runs the generation into {@code sink}: waits for a slot and submits the prompt on the calling thread, then the
     * decode loop's thread gives the sink every chunk, the last a {@link Chunk.Done} or a failure (after which the
     * slot is free again). Returns once the prompt is submitted; {@link #close()} cancels as for a pulled stream.
     */
    void push(ChunkSink sink) {
        Chunk early;
        try {
            early = begin(new ChunkSink() {
                @Override
                public void accept(Chunk chunk) {
                    if (chunk instanceof Chunk.Done) {
                        finished = true;
                        release();
                    }
                    sink.accept(chunk);
                }

                @Override
                public void fail(RuntimeException error) {
                    finished = true;
                    release();
                    sink.fail(error);
                }

                @Override
                public boolean ready() {
                    return sink.ready();
                }

                @Override
                public void stepEnd() {
                    sink.stepEnd();
                }
            });
        } catch (RuntimeException e) {
            finished = true;
            release();
            sink.fail(e);
            return;
        }
        if (early != null) {
            finished = true;
            release();
            sink.accept(early);
            sink.stepEnd();
        }
    }

    /** The control of a pushed generation (to resume it when its consumer has room), or null before it started. */
    SequenceControl control() {
        return control;
    }

    /** Waits for a slot and submits the prompt; a chunk when there is nothing to generate. */
    private Chunk begin() {
        return begin(null);
    }

    /**
     * Waits for a slot and submits the prompt, into a stream to pull ({@code sink} null) or into {@code sink}; a
     * chunk when there is nothing to generate.
     */
    private Chunk begin(ChunkSink sink) {
        try {
            if (!provider.gate().enter(() -> abandoned)) {
                return new Chunk.Done(FinishReason.CANCELLED, new Usage(0, 0), Timings.NONE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailedException("interrupted while waiting for a slot");
        }
        holdsSlot = true;
        long start = System.nanoTime();
        int[] prompt = plan.suffix() == null ? engine.model().tokenize(plan.prompt().get(), true, true)
                : engine.model().infillPrompt(plan.prompt().get(), plan.suffix());
        Integer max = plan.options().maxTokens();
        if (max != null && max == 0) {
            return new Chunk.Done(FinishReason.LENGTH, new Usage(prompt.length, 0),
                    new Timings(0, System.nanoTime() - start, 0));
        }
        int nPredict = max == null ? provider.slotContext() : Math.min(max, provider.slotContext());
        if (sink == null) {
            FfmStream pulled = engine.model().generate(prompt, plan.options(), nPredict, plan.grammar());
            stream = pulled;
            control = null;
            if (abandoned) {
                pulled.close();
            }
        } else {
            control = engine.model().generate(prompt, plan.options(), nPredict, plan.grammar(), sink);
            if (abandoned) {
                control.close();
            }
        }
        return null;
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            FfmStream s = stream;
            if (s != null) {
                s.close();
            }
            SequenceControl c = control;
            if (c != null) {
                c.close();
            }
            if (holdsSlot) {
                provider.gate().leave();
            }
        }
    }

    @Override
    public void close() {
        abandoned = true;
        FfmStream s = stream;
        if (s != null) {
            s.close();
        }
        SequenceControl c = control;
        if (c != null) {
            c.close(); // a pushed generation ends with a CANCELLED done, which releases the slot
            return;
        }
        if (s != null || finished) {
            release();
        }
    }
}
