package dev.helix.runtime.llamacpp;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import dev.helix.runtime.Chunk;
import dev.helix.runtime.ChunkStream;
import dev.helix.runtime.FinishReason;
import dev.helix.runtime.InvalidRequestException;
import dev.helix.runtime.ProviderException;
import dev.helix.runtime.ProviderFailedException;
import dev.helix.runtime.Timings;
import dev.helix.runtime.Usage;
import java.util.function.Supplier;

/**
 * One generation on the native model, produced on its own platform thread and handed to the consumer through a
 * queue. The native receive call blocks inside JNI, which would pin a virtual thread's carrier, and it cannot be
 * interrupted: so the consumer never calls into native code, and cancellation is a flag the producer checks after
 * every token, cancelling the native task itself. The producer always ends the queue with exactly one
 * {@link Chunk.Done} (reason CANCELLED after a close, which wakes a consumer blocked in {@link #next()} on another
 * thread) or one exception, and always gives its slot back.
 *
 * <p>Token counts: the binding reports one streamed output per generated token except tokens that end inside a
 * UTF-8 sequence (their text arrives with the next token), so the completion count is exact for text that ends on
 * character boundaries and can undercount by the split tokens otherwise; the binding exposes nothing better.
 */
final class NativeGeneration implements ChunkStream {

    /**
     * What the producer needs from its provider, resolved on the producer thread (all of it may call native).
     *
     * @param suffix for fill-in-the-middle, the text after the gap (the prompt is the text before it), else null
     */
    record Plan(Supplier<String> prompt, String suffix, dev.helix.runtime.GenerationOptions options, String grammar) {}

    private final ChunkQueue queue = new ChunkQueue();
    private volatile boolean abandoned;

    private NativeGeneration() {}

    static NativeGeneration start(LlamaCppProvider provider, Plan plan) {
        var generation = new NativeGeneration();
        Thread.ofPlatform()
                .name("helix-generate-" + provider.modelName())
                .daemon()
                .start(() -> generation.produce(provider, plan));
        return generation;
    }

    private void produce(LlamaCppProvider provider, Plan plan) {
        try {
            if (!provider.gate().enter(() -> abandoned)) {
                queue.add(cancelled(new Usage(0, 0), Timings.NONE));
                return;
            }
            try {
                run(provider, plan);
            } finally {
                provider.gate().leave();
            }
        } catch (ProviderException e) {
            queue.fail(e);
        } catch (RuntimeException e) {
            queue.fail(NativeErrors.translate(e));
        } catch (InterruptedException e) {
            queue.fail(new ProviderFailedException("generation interrupted"));
        } catch (Throwable e) {
            queue.fail(new ProviderFailedException("generation failed: " + e, e));
        }
    }

    private void run(LlamaCppProvider provider, Plan plan) {
        long start = System.nanoTime();
        String prompt = plan.prompt().get();
        Integer max = plan.options().maxTokens();
        if (max != null && max == 0) {
            queue.add(new Chunk.Done(FinishReason.LENGTH, new Usage(provider.countPromptTokens(prompt), 0),
                    new Timings(0, System.nanoTime() - start, 0)));
            return;
        }
        // llama.cpp stops at the end of the slot's context by itself (reported as "context shift is disabled", read
        // as LENGTH below) and refuses a prompt that does not fit, so the prompt is counted only for the usage
        // figures, while llama.cpp evaluates it: tokenizing ~1,000 tokens takes 1-2 ms, too much to add to the time
        // to first token.
        int nPredict = max == null ? provider.slotContext() : Math.min(max, provider.slotContext());
        LlamaIterator it;
        try {
            it = provider.model().start(SamplingParameters.of(prompt, plan.suffix(), plan.options(), nPredict,
                    plan.grammar()));
        } catch (RuntimeException e) {
            throw promptTooLong(provider, prompt, e);
        }
        int promptTokens = provider.countPromptTokens(prompt)
                + (plan.suffix() == null ? 0 : provider.countPromptTokens(plan.suffix()) + 2);
        int generated = 0;
        long firstToken = 0;
        boolean complete = false;
        FinishReason reason;
        try {
            while (it.hasNext()) {
                LlamaOutput out = it.next();
                boolean last = !it.hasNext();
                if (!last) {
                    generated++;
                    if (firstToken == 0) {
                        firstToken = System.nanoTime();
                    }
                }
                if (!out.text.isEmpty()) {
                    queue.add(new Chunk.Token(out.text));
                }
                if (abandoned) {
                    queue.add(cancelled(new Usage(promptTokens, generated), Timings.NONE));
                    return;
                }
            }
            complete = true;
            reason = generated >= nPredict ? FinishReason.LENGTH : FinishReason.STOP;
        } catch (RuntimeException e) {
            if (!NativeErrors.isContextFull(e)) {
                throw promptTooLong(provider, prompt, e);
            }
            complete = true;
            reason = FinishReason.LENGTH;
        } finally {
            if (!complete) {
                it.cancel();
            }
        }
        long end = System.nanoTime();
        long promptNanos = (firstToken == 0 ? end : firstToken) - start;
        queue.add(new Chunk.Done(reason, new Usage(promptTokens, generated),
                new Timings(0, promptNanos, firstToken == 0 ? 0 : end - firstToken)));
    }

    /** llama.cpp's refusal of a prompt longer than the context, said with the numbers; other errors unchanged. */
    private static RuntimeException promptTooLong(LlamaCppProvider provider, String prompt, RuntimeException e) {
        if (!NativeErrors.isPromptTooLong(e)) {
            return e;
        }
        return new InvalidRequestException("the prompt is " + provider.countPromptTokens(prompt) + " tokens but the "
                + "model's context is " + provider.slotContext() + " tokens per request; shorten the prompt or raise "
                + "context_size");
    }

    private static Chunk.Done cancelled(Usage usage, Timings timings) {
        return new Chunk.Done(FinishReason.CANCELLED, usage, timings);
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
            abandoned = true;
            throw e;
        }
    }

    @Override
    public void close() {
        queue.finish();
        abandoned = true;
    }
}
