package dev.helix.runtime.llamacpp;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * One generation on the native model, pulled on the caller's thread: {@link #next()} waits for a slot, starts the
 * generation and receives tokens from native code. The caller must be a platform thread (the receive call blocks
 * inside JNI, which would pin a virtual thread's carrier). A runner consumes it on the thread that writes the frames,
 * so a token crosses no thread between llama.cpp and the socket; {@link NativeGeneration} runs it on a thread of
 * its own for callers on virtual threads.
 *
 * <p>The receive call cannot be interrupted, and cancelling the native task while another thread waits in it would
 * leave that thread waiting forever. So {@link #close()} from another thread only marks the run abandoned; the
 * consuming thread notices after the next token, cancels the native task itself and ends with a CANCELLED
 * {@link Chunk.Done}. The consuming thread must close the run when it is done with it, which gives the slot back.
 *
 * <p>Token counts: the binding reports one streamed output per generated token except tokens that end inside a
 * UTF-8 sequence (their text arrives with the next token), so the completion count is exact for text that ends on
 * character boundaries and can undercount by the split tokens otherwise; the binding exposes nothing better.
 */
final class NativeRun implements ChunkStream {

    /**
     * What a generation needs from its provider, resolved on the consuming thread (all of it may call native).
     *
     * @param suffix for fill-in-the-middle, the text after the gap (the prompt is the text before it), else null
     */
    record Plan(Supplier<String> prompt, String suffix, GenerationOptions options, String grammar) {}

    private final LlamaCppProvider provider;
    private final Plan plan;
    private volatile boolean abandoned;
    private volatile Thread consumer;
    private boolean finished;
    private boolean released;
    private boolean holdsSlot;
    private LlamaIterator iterator;
    private boolean nativeDone;
    private String prompt;
    private int nPredict;
    private int promptTokens;
    private int generated;
    private long start;
    private long firstToken;
    private Chunk.Done done;

    NativeRun(LlamaCppProvider provider, Plan plan) {
        this.provider = provider;
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
        consumer = Thread.currentThread();
        try {
            Chunk chunk = advance();
            if (chunk instanceof Chunk.Done) {
                finished = true;
                release();
            }
            return chunk;
        } catch (ProviderException e) {
            fail();
            throw e;
        } catch (RuntimeException e) {
            fail();
            throw NativeErrors.translate(e);
        }
    }

    private Chunk advance() {
        if (done != null) {
            return done;
        }
        if (iterator == null) {
            Chunk early = begin();
            if (early != null) {
                return early;
            }
        }
        while (true) {
            if (abandoned) {
                return new Chunk.Done(FinishReason.CANCELLED, new Usage(promptTokens, generated), Timings.NONE);
            }
            LlamaOutput out;
            boolean last;
            try {
                out = iterator.next();
                last = !iterator.hasNext();
            } catch (RuntimeException e) {
                if (!NativeErrors.isContextFull(e)) {
                    throw promptTooLong(e);
                }
                nativeDone = true;
                return end(FinishReason.LENGTH);
            }
            if (!last) {
                generated++;
                if (firstToken == 0) {
                    firstToken = System.nanoTime();
                }
            } else {
                nativeDone = true;
                Chunk.Done end = end(generated >= nPredict ? FinishReason.LENGTH : FinishReason.STOP);
                if (out.text.isEmpty()) {
                    return end;
                }
                done = end;
            }
            if (!out.text.isEmpty()) {
                return new Chunk.Token(out.text);
            }
        }
    }

    /** Waits for a slot and starts the native generation; returns a chunk when there is nothing to generate. */
    private Chunk begin() {
        try {
            if (!provider.gate().enter(() -> abandoned)) {
                return new Chunk.Done(FinishReason.CANCELLED, new Usage(0, 0), Timings.NONE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailedException("interrupted while waiting for a slot");
        }
        holdsSlot = true;
        start = System.nanoTime();
        prompt = plan.prompt().get();
        Integer max = plan.options().maxTokens();
        if (max != null && max == 0) {
            promptTokens = provider.countPromptTokens(prompt);
            nativeDone = true;
            return new Chunk.Done(FinishReason.LENGTH, new Usage(promptTokens, 0),
                    new Timings(0, System.nanoTime() - start, 0));
        }
        // llama.cpp stops at the end of the slot's context by itself (reported as "context shift is disabled", read
        // as LENGTH) and refuses a prompt that does not fit, so the prompt is counted only for the usage figures,
        // while llama.cpp evaluates it: tokenizing ~1,000 tokens takes 1-2 ms, too much to add to the time to first
        // token.
        nPredict = max == null ? provider.slotContext() : Math.min(max, provider.slotContext());
        try {
            // a suffix never reaches the binding: its infill is a prompt of its own (BindingInfill)
            iterator = provider.model().start(SamplingParameters.of(prompt, plan.options(), nPredict,
                    plan.grammar()));
        } catch (RuntimeException e) {
            nativeDone = true;
            throw promptTooLong(e);
        }
        promptTokens = provider.countPromptTokens(prompt);
        return null;
    }

    private Chunk.Done end(FinishReason reason) {
        long end = System.nanoTime();
        long promptNanos = (firstToken == 0 ? end : firstToken) - start;
        return new Chunk.Done(reason, new Usage(promptTokens, generated),
                new Timings(0, promptNanos, firstToken == 0 ? 0 : end - firstToken));
    }

    /** llama.cpp's refusal of a prompt longer than the context, said with the numbers; other errors unchanged. */
    private RuntimeException promptTooLong(RuntimeException e) {
        if (!NativeErrors.isPromptTooLong(e)) {
            return e;
        }
        return new InvalidRequestException("the prompt is " + provider.countPromptTokens(prompt) + " tokens but the "
                + "model's context is " + provider.slotContext() + " tokens per request; shorten the prompt or raise "
                + "context_size", null, InvalidRequestException.CONTEXT_LENGTH_EXCEEDED);
    }

    private void fail() {
        finished = true;
        release();
    }

    /** Cancels an unfinished native task and gives the slot back; on the consuming thread only, once. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        if (iterator != null && !nativeDone) {
            iterator.cancel();
        }
        if (holdsSlot) {
            provider.gate().leave();
        }
    }

    /**
     * On the consuming thread (or before any {@link #next()}): ends the run now. From any other thread: marks it
     * abandoned; the consuming thread ends it after the next token.
     */
    @Override
    public void close() {
        abandoned = true;
        Thread owner = consumer;
        if (owner == null || owner == Thread.currentThread()) {
            finished = true;
            release();
        }
    }
}
