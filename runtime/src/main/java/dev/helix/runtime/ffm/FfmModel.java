package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ProviderFailedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model and its context, driven through llama.cpp's C API: the one owner of both native objects. Generation goes
 * through its {@link DecodeLoop}; tokenizing, pieces and templates read only the vocabulary and the model, which
 * llama.cpp allows from any thread. {@link #close()} ends the loop, then frees the context and the model, which
 * returns their memory to the process.
 */
public final class FfmModel implements AutoCloseable {

    /**
     * How to load.
     *
     * @param slots        sequences decoded together (each gets {@code slotContext} tokens of KV cache)
     * @param batchSize    tokens per {@code llama_decode} at most
     * @param microBatch   tokens per physical batch, and the prompt chunk a step takes while others generate
     */
    public record Settings(Path file, int slotContext, int slots, int threads, int threadsBatch, int batchSize,
                           int microBatch, int gpuLayers, boolean mmap) {}

    /** A message for {@link #applyTemplate}. */
    public record Message(String role, String content) {}

    private final LlamaLibrary library;
    private final LlamaLibrary.Functions fn;
    private final Settings settings;
    private final MemorySegment model;
    private final MemorySegment context;
    private final MemorySegment kv;
    private final MemorySegment vocab;
    private final int vocabSize;
    private final DecodeLoop loop;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FfmModel(LlamaLibrary library, Settings settings, MemorySegment model, MemorySegment context) {
        this.library = library;
        this.fn = library.fn;
        this.settings = settings;
        this.model = model;
        this.context = context;
        this.kv = fn.kvOf(context);
        try {
            this.vocab = (MemorySegment) fn.modelVocab.invokeExact(model);
            this.vocabSize = (int) fn.vocabNTokens.invokeExact(vocab);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
        this.loop = new DecodeLoop(this, context, settings.slots(), settings.slotContext(), settings.batchSize(),
                settings.microBatch(), settings.file().getFileName().toString());
    }

    /** @throws ModelLoadException when llama.cpp refuses the file or cannot create the context */
    public static FfmModel load(LlamaLibrary library, Settings settings) {
        var fn = library.fn;
        CApi api = library.api();
        MemorySegment model;
        MemorySegment context;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mp = fn.modelDefaultParams(arena);
            StructLayout ml = api.modelParams();
            mp.set(JAVA_INT, CApi.offset(ml, "n_gpu_layers"), settings.gpuLayers());
            api.mmap().write(mp, ml, settings.mmap());
            model = (MemorySegment) fn.modelLoad.invokeExact(arena.allocateFrom(settings.file().toString()), mp);
            if (model.equals(MemorySegment.NULL)) {
                throw new ModelLoadException("llama.cpp could not load " + settings.file()
                        + " (see the log for why: an unknown architecture needs a newer llama.cpp)", null);
            }
            MemorySegment cp = fn.contextDefaultParams(arena);
            StructLayout cl = api.contextParams();
            cp.set(JAVA_INT, CApi.offset(cl, "n_ctx"), settings.slotContext() * settings.slots());
            cp.set(JAVA_INT, CApi.offset(cl, "n_batch"), settings.batchSize());
            cp.set(JAVA_INT, CApi.offset(cl, "n_ubatch"), Math.min(settings.batchSize(), settings.microBatch()));
            cp.set(JAVA_INT, CApi.offset(cl, "n_seq_max"), settings.slots());
            cp.set(JAVA_INT, CApi.offset(cl, "n_threads"), settings.threads());
            cp.set(JAVA_INT, CApi.offset(cl, "n_threads_batch"), settings.threadsBatch());
            cp.set(JAVA_BOOLEAN, CApi.offset(cl, "no_perf"), true);
            context = (MemorySegment) fn.initFromModel.invokeExact(model, cp);
            if (context.equals(MemorySegment.NULL)) {
                fn.modelFree.invokeExact(model);
                throw new ModelLoadException("llama.cpp loaded " + settings.file() + " but could not create a "
                        + "context of " + settings.slotContext() * settings.slots() + " tokens", null);
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
        var loaded = new FfmModel(library, settings, model, context);
        loaded.loop.start();
        return loaded;
    }

    LlamaLibrary library() {
        return library;
    }

    public int vocabularySize() {
        return vocabSize;
    }

    public int slotContext() {
        return settings.slotContext();
    }

    /** Whether llama.cpp adds a BOS token to a prompt of this model. */
    public boolean addsBos() {
        try {
            return (boolean) fn.vocabAddBos.invokeExact(vocab);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /**
     * @param addSpecial   add BOS/EOS where the model asks for them
     * @param parseSpecial read special tokens' text ({@code <|im_end|>}) as those tokens
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        checkOpen();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, in, JAVA_BYTE, 0, bytes.length);
            int capacity = bytes.length + 4;
            while (true) {
                MemorySegment out = arena.allocate(JAVA_INT, capacity);
                int n = (int) fn.tokenize.invokeExact(vocab, in, bytes.length, out, capacity, addSpecial,
                        parseSpecial);
                if (n >= 0) {
                    return out.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
                }
                if (n == Integer.MIN_VALUE) {
                    throw new InvalidRequestException("the text is too long to tokenize");
                }
                capacity = -n;
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** A token's bytes ({@code special}: render control tokens as their text). */
    public byte[] piece(int token, boolean special) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 64;
            while (true) {
                MemorySegment buf = arena.allocate(capacity);
                int n = (int) fn.tokenToPiece.invokeExact(vocab, token, buf, capacity, 0, special);
                if (n >= 0) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
                capacity = -n;
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** Tokens to text, each rendered with its special text, as the binding's {@code decode} does. */
    public String detokenize(int[] tokens) {
        checkOpen();
        var bytes = new java.io.ByteArrayOutputStream();
        for (int token : tokens) {
            if (token < 0 || token >= vocabSize) {
                throw new InvalidRequestException("token " + token + " is not in the vocabulary of " + vocabSize
                        + " tokens", "tokens");
            }
            bytes.writeBytes(piece(token, true));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    boolean isEndOfGeneration(int token) {
        try {
            return (boolean) fn.vocabIsEog.invokeExact(vocab, token);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** The model's own chat template (GGUF {@code tokenizer.chat_template}), or null. */
    public String chatTemplate() {
        try {
            MemorySegment t = (MemorySegment) fn.modelChatTemplate.invokeExact(model, MemorySegment.NULL);
            return t.equals(MemorySegment.NULL) ? null : t.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /**
     * Renders messages with {@code llama_chat_apply_template}: the model's template when llama.cpp recognises it
     * among its built-in ones (it matches templates by their text, it does not run Jinja), ChatML when the model
     * has none, as the binding does.
     *
     * @throws InvalidRequestException when llama.cpp does not know the model's template
     */
    public String applyTemplate(List<Message> messages, boolean addAssistant) {
        checkOpen();
        String template = chatTemplate();
        try (Arena arena = Arena.ofConfined()) {
            StructLayout layout = library.api().chatMessage();
            MemorySegment chat = arena.allocate(layout, Math.max(1, messages.size()));
            long total = 0;
            for (int i = 0; i < messages.size(); i++) {
                MemorySegment m = chat.asSlice(i * layout.byteSize(), layout.byteSize());
                m.set(ADDRESS, CApi.offset(layout, "role"), arena.allocateFrom(messages.get(i).role()));
                m.set(ADDRESS, CApi.offset(layout, "content"), arena.allocateFrom(messages.get(i).content()));
                total += messages.get(i).content().length() + messages.get(i).role().length();
            }
            MemorySegment tmpl = arena.allocateFrom(template == null ? "chatml" : template);
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, 2 * total * 4 + 1024);
            while (true) {
                MemorySegment buf = arena.allocate(capacity);
                int n = (int) fn.chatApplyTemplate.invokeExact(tmpl, chat, (long) messages.size(), addAssistant,
                        buf, capacity);
                if (n < 0) {
                    throw new InvalidRequestException("llama.cpp's built-in templates do not include this model's "
                            + "chat template; use engine: binding (it runs the Jinja template)");
                }
                if (n <= capacity) {
                    return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                }
                capacity = n;
            }
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /**
     * Starts generating from prompt tokens. The stream must be closed; closing it early cancels the sequence and
     * frees its cells.
     *
     * @param maxTokens tokens to generate at most
     * @param grammar   GBNF the output must follow, or null
     * @throws InvalidRequestException when the prompt does not fit a slot or the grammar is refused
     */
    public FfmStream generate(int[] prompt, GenerationOptions options, int maxTokens, String grammar) {
        checkOpen();
        if (prompt.length == 0) {
            throw new InvalidRequestException("the prompt is empty");
        }
        if (prompt.length >= settings.slotContext()) {
            throw new InvalidRequestException("the prompt is " + prompt.length + " tokens but the model's context is "
                    + settings.slotContext() + " tokens per request; shorten the prompt or raise context_size", null,
                    InvalidRequestException.CONTEXT_LENGTH_EXCEEDED);
        }
        SamplerChain sampler = SamplerChain.create(library, vocab, vocabSize, options, grammar);
        var sequence = new Sequence(prompt, Math.max(1, maxTokens), sampler, new StopText(options.stop()));
        loop.submit(sequence);
        return new FfmStream(sequence, loop);
    }

    /** Prompt tokens decoded so far, all requests together; those a slot's prompt cache supplied are not counted. */
    public long promptTokensEvaluated() {
        return loop.promptTokensEvaluated();
    }

    int decode(MemorySegment batch, int rows) {
        batch.set(JAVA_INT, CApi.offset(library.api().batch(), "n_tokens"), rows);
        try {
            return (int) fn.decode.invokeExact(context, batch);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** Frees a sequence's cells from {@code from} on. */
    void removeCells(int sequence, int from) {
        try {
            boolean ignored = (boolean) fn.seqRemove.invokeExact(kv, sequence, from, -1);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ProviderFailedException("the model was unloaded");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            loop.close();
            try {
                fn.free.invokeExact(context);
                fn.modelFree.invokeExact(model);
                library.trimHeap();
            } catch (Throwable t) {
                throw LlamaLibrary.rethrow(t);
            }
        }
    }
}
