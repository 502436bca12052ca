package dev.helix.runtime.ffm;

import dev.helix.provider.Chunk;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Timings;
import dev.helix.provider.TokenLogprob;
import dev.helix.provider.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * One request inside the decode loop: its prompt, its sampler chain, where it stands, and the sink its chunks go to.
 * Everything but the cancelled and waiting flags belongs to the decode loop's thread.
 */
final class Sequence {
    final int[] prompt;
    final int maxTokens;
    final SamplerChain sampler;
    final StopText stops;
    final Utf8Pieces pieces = new Utf8Pieces();
    final ChunkSink sink;
    volatile boolean cancelled;
    volatile boolean waitingForReader;

    int slot = -1;
    /** Prompt tokens already in the KV cache (from the slot's cache, or evaluated). */
    int evaluated;
    /** Position of the next token in the sequence. */
    int position;
    int lastToken = -1;
    int generated;
    /** This step's output row in the batch, or -1. */
    int outputRow = -1;
    boolean finished;
    final long submitted = System.nanoTime();
    long firstToken;

    /** Alternatives to list per token, or -1 for no log-probabilities. */
    final int topLogprobs;
    /** Log-probabilities of tokens whose text is still held (an unfinished character, a possible stop string). */
    private final List<TokenLogprob> heldLogprobs = new ArrayList<>();
    /** Bytes of a token already reported with earlier text whose rest is still held. */
    private long reportedAhead;

    Sequence(int[] prompt, int maxTokens, SamplerChain sampler, StopText stops, int topLogprobs, ChunkSink sink) {
        this.topLogprobs = topLogprobs;
        this.sink = sink;
        this.prompt = prompt;
        this.maxTokens = maxTokens;
        this.sampler = sampler;
        this.stops = stops;
    }

    boolean prefilling() {
        return evaluated < prompt.length;
    }

    void logprob(TokenLogprob logprob) {
        heldLogprobs.add(logprob);
    }

    /**
     * Hands text to the stream with the log-probabilities of the tokens that produced it. The text is always a prefix
     * of the held tokens' bytes (an unfinished character or a possible stop string stays held), so it takes the held
     * tokens its bytes cover; a token only partly in it goes with it, and its rest is not counted again. Tokens
     * never handed out (a stop string's) report nothing.
     */
    void emit(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (topLogprobs < 0) {
            sink.accept(new Chunk.Token(text));
            return;
        }
        long bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - reportedAhead;
        int taken = 0;
        while (bytes > 0 && taken < heldLogprobs.size()) {
            bytes -= heldLogprobs.get(taken++).bytes().length;
        }
        reportedAhead = Math.max(0, -bytes);
        var logprobs = List.copyOf(heldLogprobs.subList(0, taken));
        heldLogprobs.subList(0, taken).clear();
        sink.accept(new Chunk.Token(text, logprobs));
    }

    /**
     * The last chunk: held text that turned out not to be a stop string, then the end. An unfinished character
     * at the very end is dropped, as llama.cpp's server (the binding) drops it.
     */
    void finish(FinishReason reason) {
        if (finished) {
            return;
        }
        finished = true;
        if (reason != FinishReason.CANCELLED) {
            emit(stops.flush());
        }
        long end = System.nanoTime();
        long promptNanos = (firstToken == 0 ? end : firstToken) - submitted;
        sink.accept(new Chunk.Done(reason, new Usage(prompt.length, generated),
                new Timings(0, promptNanos, firstToken == 0 ? 0 : end - firstToken)));
    }

    void fail(RuntimeException e) {
        if (!finished) {
            finished = true;
            sink.fail(e);
        }
    }
}
