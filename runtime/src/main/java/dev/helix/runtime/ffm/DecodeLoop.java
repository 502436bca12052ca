package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.helix.provider.FinishReason;
import dev.helix.provider.ProviderFailedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Continuous batching: one platform thread per model owns the context. Each step builds one batch with the next
 * token of every generating sequence and a bounded chunk of pending prompt tokens (a long prompt never stalls the
 * streams already running), decodes it, samples every sequence whose logits it produced, and gives each token to its
 * own stream's sink (a queue its reader takes from, or a consumer that forwards it at once); at the end of a step
 * every sink that got chunks is told so, and one that gathers writes sends them together. Callers never touch the context and hold no lock across a decode: they submit, cancel and
 * read, and wake the loop with {@link LockSupport#unpark}; the loop parks when no sequence can step.
 *
 * <p>Each slot (sequence id) remembers the tokens in its KV cells; a new request takes the free slot whose cache
 * shares the longest prefix with its prompt and evaluates only the rest. A cancelled request's cells are freed.
 */
final class DecodeLoop implements Runnable {
    private final FfmModel model;
    private final MemorySegment context;
    private final int slotContext;
    private final int batchSize;
    private final int prefillChunk;
    private final ConcurrentLinkedQueue<Sequence> incoming = new ConcurrentLinkedQueue<>();
    private final Sequence[] slots;
    private final int[][] cache;
    private final int[] cached;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment batch;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqIds;
    private final MemorySegment logits;
    private final Thread thread;
    private volatile boolean closing;
    /** Set by the loop's thread as it ends, before it fails what is queued: a later submit fails its own. */
    private volatile boolean stopped;
    private final AtomicLong promptTokensEvaluated = new AtomicLong();
    /** Sequences given chunks in this step, whose sinks hear of the step's end. */
    private final ArrayList<Sequence> stepped = new ArrayList<>();

    DecodeLoop(FfmModel model, MemorySegment context, int slots, int slotContext, int batchSize, int prefillChunk,
               String name) {
        this.model = model;
        this.context = context;
        this.slotContext = slotContext;
        this.batchSize = batchSize;
        this.prefillChunk = Math.max(1, Math.min(prefillChunk, batchSize));
        this.slots = new Sequence[slots];
        this.cache = new int[slots][slotContext];
        this.cached = new int[slots];
        StructLayout layout = model.library().api().batch();
        batch = arena.allocate(layout);
        tokens = arena.allocate(JAVA_INT, batchSize);
        positions = arena.allocate(JAVA_INT, batchSize);
        seqIds = arena.allocate(JAVA_INT, batchSize);
        MemorySegment seqCounts = arena.allocate(JAVA_INT, batchSize);
        MemorySegment seqPointers = arena.allocate(ADDRESS, batchSize);
        logits = arena.allocate(JAVA_BYTE, batchSize);
        for (int i = 0; i < batchSize; i++) {
            seqCounts.setAtIndex(JAVA_INT, i, 1);
            seqPointers.setAtIndex(ADDRESS, i, seqIds.asSlice((long) i * Integer.BYTES, Integer.BYTES));
        }
        batch.set(ADDRESS, CApi.offset(layout, "token"), tokens);
        batch.set(ADDRESS, CApi.offset(layout, "embd"), MemorySegment.NULL);
        batch.set(ADDRESS, CApi.offset(layout, "pos"), positions);
        batch.set(ADDRESS, CApi.offset(layout, "n_seq_id"), seqCounts);
        batch.set(ADDRESS, CApi.offset(layout, "seq_id"), seqPointers);
        batch.set(ADDRESS, CApi.offset(layout, "logits"), logits);
        thread = Thread.ofPlatform().name("helix-decode-" + name).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    void submit(Sequence sequence) {
        if (closing) {
            sequence.fail(new ProviderFailedException("the model was unloaded"));
            return;
        }
        incoming.add(sequence);
        if (stopped) { // the loop ended after the check above: nobody else will see this sequence
            failIncoming();
        } else {
            wake();
        }
    }

    void wake() {
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        try {
            while (true) {
                reap(); // first: a slot a cancelled request frees goes to a waiting one in this same step
                admit();
                endStep();
                if (closing) {
                    break;
                }
                int rows = fill();
                if (rows == 0) {
                    LockSupport.park(this);
                    continue;
                }
                int rc = model.decode(batch, rows);
                if (rc != 0) {
                    failAll(new ProviderFailedException("llama_decode failed (" + rc + ")"));
                    endStep();
                    continue;
                }
                sample();
                endStep();
            }
        } catch (RuntimeException | Error e) {
            failAll(new ProviderFailedException("the decode loop failed: " + e, e));
        } finally {
            failAll(new ProviderFailedException("the model was unloaded"));
            endStep();
            stopped = true;
            failIncoming();
        }
    }

    private void failIncoming() {
        for (Sequence s; (s = incoming.poll()) != null; ) {
            s.sampler.close();
            s.fail(new ProviderFailedException("the model was unloaded"));
        }
    }

    /** Moves waiting requests into free slots, each into the slot whose cache shares most of its prompt. */
    private void admit() {
        while (!incoming.isEmpty()) {
            int best = -1;
            int bestShared = -1;
            Sequence next = incoming.peek();
            for (int slot = 0; slot < slots.length; slot++) {
                if (slots[slot] == null) {
                    int shared = shared(slot, next.prompt);
                    if (shared > bestShared) {
                        best = slot;
                        bestShared = shared;
                    }
                }
            }
            if (best < 0) {
                return;
            }
            incoming.poll();
            if (next.cancelled) {
                next.sampler.close();
                next.finish(FinishReason.CANCELLED);
                stepped.add(next);
                continue;
            }
            // At least the prompt's last token is evaluated again: its logits give the first token.
            int reuse = Math.min(bestShared, next.prompt.length - 1);
            model.removeCells(best, reuse);
            cached[best] = reuse;
            next.slot = best;
            next.evaluated = reuse;
            next.position = reuse;
            slots[best] = next;
        }
    }

    private int shared(int slot, int[] prompt) {
        int n = Math.min(cached[slot], prompt.length);
        int mismatch = Arrays.mismatch(cache[slot], 0, n, prompt, 0, n);
        return mismatch < 0 ? n : mismatch;
    }

    /** Ends cancelled sequences and frees their cells. */
    private void reap() {
        for (Sequence s : slots) {
            if (s != null && (s.cancelled || closing)) {
                release(s, true);
                s.finish(FinishReason.CANCELLED);
                stepped.add(s);
            }
        }
    }

    /** Builds this step's batch; the number of rows. */
    private int fill() {
        int rows = 0;
        for (Sequence s : slots) {
            s = s == null || s.prefilling() || !readable(s) ? null : s;
            if (s != null) {
                s.outputRow = rows;
                add(rows++, s, s.lastToken, true);
            }
        }
        int budget = rows == 0 ? batchSize : Math.min(prefillChunk, batchSize - rows);
        for (Sequence s : slots) {
            if (budget == 0) {
                break;
            }
            if (s != null && s.prefilling()) {
                int take = Math.min(budget, s.prompt.length - s.evaluated);
                for (int i = 0; i < take; i++) {
                    boolean last = s.evaluated + 1 == s.prompt.length;
                    if (last) {
                        s.outputRow = rows;
                    }
                    add(rows++, s, s.prompt[s.evaluated++], last);
                }
                budget -= take;
                promptTokensEvaluated.addAndGet(take);
            }
        }
        return rows;
    }

    /** Whether the sequence's reader keeps up; if not, it is skipped until the reader takes a chunk and wakes us. */
    private static boolean readable(Sequence s) {
        if (s.sink.ready()) {
            return true;
        }
        s.waitingForReader = true;
        if (s.sink.ready()) {
            s.waitingForReader = false;
            return true;
        }
        return false;
    }

    private void add(int row, Sequence s, int token, boolean output) {
        tokens.setAtIndex(JAVA_INT, row, token);
        positions.setAtIndex(JAVA_INT, row, s.position++);
        seqIds.setAtIndex(JAVA_INT, row, s.slot);
        logits.set(JAVA_BYTE, row, (byte) (output ? 1 : 0));
        cache[s.slot][cached[s.slot]++] = token;
    }

    /** Samples each sequence that got logits, hands its text to its stream, and ends those that are done. */
    private void sample() {
        for (Sequence s : slots) {
            if (s == null || s.outputRow < 0) {
                continue;
            }
            int row = s.outputRow;
            s.outputRow = -1;
            stepped.add(s);
            int token = s.sampler.sample(context, row);
            if (s.firstToken == 0) {
                s.firstToken = System.nanoTime();
            }
            if (model.isEndOfGeneration(token)) {
                end(s, FinishReason.STOP);
                continue;
            }
            s.generated++;
            if (s.topLogprobs >= 0) {
                s.logprob(Logprobs.of(model.logits(row), model.vocabularySize(), token, s.topLogprobs,
                        t -> model.loopPiece(t).clone()));
            }
            s.emit(s.stops.offer(s.pieces.add(model.loopPiece(token))));
            s.lastToken = token;
            if (s.stops.stopped()) {
                end(s, FinishReason.STOP);
            } else if (s.generated >= s.maxTokens || s.position >= slotContext) {
                end(s, FinishReason.LENGTH);
            }
        }
    }

    private void end(Sequence s, FinishReason reason) {
        release(s, false);
        s.finish(reason);
    }

    /** Gives the slot back; its cells stay as the slot's prompt cache unless {@code free}. */
    private void release(Sequence s, boolean free) {
        if (free) {
            model.removeCells(s.slot, 0);
            cached[s.slot] = 0;
        }
        slots[s.slot] = null;
        s.sampler.close();
    }

    private void failAll(RuntimeException e) {
        for (Sequence s : slots) {
            if (s != null) {
                release(s, true);
                s.fail(e);
                stepped.add(s);
            }
        }
    }

    /** Tells the sinks that got chunks in this step that it is over (a sink that gathers writes sends them). */
    private void endStep() {
        for (int i = 0; i < stepped.size(); i++) {
            stepped.get(i).sink.stepEnd();
        }
        stepped.clear();
    }

    /** Prompt tokens decoded so far (those a slot's cache supplied are not counted). */
    long promptTokensEvaluated() {
        return promptTokensEvaluated.get();
    }

    /** Ends every request and waits for the loop's thread; after this the context is the caller's to free. */
    void close() {
        closing = true;
        wake();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        arena.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

}
