package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.runtime.template.ChatTemplate;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** A message for {@link #applyTemplate}: the calls it made, the call it answers and the tool it is from, if any. */
    public record Message(String role, String content, List<ChatTemplate.ToolCall> toolCalls, String toolCallId,
                          String name) {
        public Message(String role, String content) {
            this(role, content, List.of(), null, null);
        }
    }

    /** llama.cpp's own ChatML in Jinja, for a model without a template in a tool conversation, as the binding. */
    private static final String CHATML_JINJA = """
            {%- for message in messages -%}
              {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
              {{- '<|im_start|>assistant\n' -}}
            {%- endif -%}""";

    private final LlamaLibrary library;
    private final LlamaLibrary.Functions fn;
    private final Settings settings;
    private final MemorySegment model;
    private final MemorySegment context;
    private final MemorySegment kv;
    private final MemorySegment vocab;
    private final int vocabSize;
    /** {@link #loopPiece}'s pieces, by token. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<byte[]> loopPieces;
    private final DecodeLoop loop;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final NativeUse use = new NativeUse();
    private final Object templateLock = new Object();
    private ChatTemplate jinja; // the model's own template, parsed on first use; guarded by templateLock

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
        this.loopPieces = new java.util.concurrent.atomic.AtomicReferenceArray<>(Math.max(0, vocabSize));
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
            fn.takeLastError();
            model = (MemorySegment) fn.modelLoad.invokeExact(arena.allocateFrom(settings.file().toString()), mp);
            if (model.equals(MemorySegment.NULL)) {
                String said = fn.takeLastError();
                throw new ModelLoadException("llama.cpp could not load " + settings.file() + (said == null
                        ? " (see the log for why: an unknown architecture needs a newer llama.cpp)" : ": " + said),
                        null);
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
        try (var held = use.enter()) {
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
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (var held = use.enter(); Arena arena = Arena.ofConfined()) {
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

    /**
     * The prompt tokens of a fill-in-the-middle request, as llama-server's {@code /infill} builds them
     * ({@link InfillPrompt}).
     *
     * @throws InvalidRequestException when the vocabulary has no prefix, suffix or middle token
     */
    public int[] infillPrompt(String prefix, String suffix) {
        try (var held = use.enter()) {
            return infill(prefix, suffix);
        }
    }

    private int[] infill(String prefix, String suffix) {
        return InfillPrompt.build(new InfillPrompt.Vocabulary() {
            @Override
            public int[] tokenize(String text) {
                return FfmModel.this.tokenize(text, false, false);
            }

            @Override
            public int fimPre() {
                return token(fn.vocabFimPre);
            }

            @Override
            public int fimSuf() {
                return token(fn.vocabFimSuf);
            }

            @Override
            public int fimMid() {
                return token(fn.vocabFimMid);
            }

            @Override
            public int fimRep() {
                return token(fn.vocabFimRep);
            }

            @Override
            public int fimSep() {
                return token(fn.vocabFimSep);
            }

            @Override
            public int bos() {
                return token(fn.vocabBos);
            }

            @Override
            public boolean addsBos() {
                return FfmModel.this.addsBos();
            }
        }, prefix, suffix, settings.batchSize(), settings.slotContext());
    }

    /** One of the vocabulary's special token ids ({@code llama_vocab_bos}, {@code llama_vocab_fim_pre}, ...). */
    private int token(java.lang.invoke.MethodHandle which) {
        try {
            return (int) which.invokeExact(vocab);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** A token's bytes ({@code special}: render control tokens as their text). */
    public byte[] piece(int token, boolean special) {
        return renderPiece(token, special);
    }

    /**
     * A token's bytes without its special text, for the decode loop (which runs only while the model is open): kept
     * after the first time, so a step does not allocate and call into llama.cpp for text it has seen. The array is
     * shared: not to be modified.
     */
    byte[] loopPiece(int token) {
        if (token < 0 || token >= vocabSize) {
            return renderPiece(token, false);
        }
        byte[] known = loopPieces.get(token);
        if (known == null) {
            known = renderPiece(token, false);
            loopPieces.set(token, known);
        }
        return known;
    }

    private byte[] renderPiece(int token, boolean special) {
        try (var held = use.enter(); Arena arena = Arena.ofConfined()) {
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
        try (var held = use.enter()) {
            MemorySegment t = (MemorySegment) fn.modelChatTemplate.invokeExact(model, MemorySegment.NULL);
            return t.equals(MemorySegment.NULL) ? null : t.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** {@link #applyTemplate(List, List, boolean)} without tools. */
    public String applyTemplate(List<Message> messages, boolean addAssistant) {
        return applyTemplate(messages, null, addAssistant);
    }

    /**
     * Renders messages through the model's own Jinja template ({@link ChatTemplate}, rendered as llama.cpp's minja
     * renders it, with the vocabulary's BOS and EOS), or through {@code llama_chat_apply_template}'s ChatML when the
     * model has none, as the binding does (and llama.cpp's ChatML in Jinja, with minja's polyfills, for a tool
     * conversation on such a model, as the binding renders it).
     *
     * @param tools the request's tools in the OpenAI shape, or null for none
     * @throws InvalidRequestException when the template refuses the conversation or cannot be rendered
     */
    public String applyTemplate(List<Message> messages, List<Map<String, Object>> tools, boolean addAssistant) {
        try (var held = use.enter()) { // an unloaded model renders nothing, as it tokenizes nothing
            ChatTemplate template = jinjaTemplate();
            boolean toolConversation = tools != null
                    || messages.stream().anyMatch(m -> !m.toolCalls().isEmpty() || m.role().equals("tool"));
            if (template == null && toolConversation) {
                template = new ChatTemplate(CHATML_JINJA, tokenText(fn.vocabBos), tokenText(fn.vocabEos));
            }
            if (template != null) {
                return template.render(messages.stream().map(m -> new ChatTemplate.Message(m.role(), m.content(),
                        m.toolCalls(), m.toolCallId(), m.name())).toList(), tools, addAssistant);
            }
            return applyChatMl(messages, addAssistant);
        }
    }

    /** The model's own template, built on first use (not at load: most loads never chat); null when it has none. */
    private ChatTemplate jinjaTemplate() {
        synchronized (templateLock) {
            if (jinja == null) {
                String source = chatTemplate();
                if (source == null) {
                    return null;
                }
                jinja = new ChatTemplate(source, tokenText(fn.vocabBos), tokenText(fn.vocabEos));
            }
            return jinja;
        }
    }

    /** BOS's or EOS's text, as llama.cpp gives it to templates; "" when the vocabulary has none. */
    private String tokenText(java.lang.invoke.MethodHandle which) {
        try (var held = use.enter()) {
            int token = (int) which.invokeExact(vocab);
            return token < 0 || token >= vocabSize ? "" : new String(piece(token, true), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw LlamaLibrary.rethrow(t);
        }
    }

    /** {@code llama_chat_apply_template} with llama.cpp's built-in ChatML, for models without a template. */
    private String applyChatMl(List<Message> messages, boolean addAssistant) {
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
            MemorySegment tmpl = arena.allocateFrom("chatml");
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, 2 * total * 4 + 1024);
            while (true) {
                MemorySegment buf = arena.allocate(capacity);
                int n = (int) fn.chatApplyTemplate.invokeExact(tmpl, chat, (long) messages.size(), addAssistant,
                        buf, capacity);
                if (n < 0) {
                    throw new ProviderFailedException("llama_chat_apply_template refused ChatML");
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
        var queue = new QueueSink();
        return new FfmStream(queue, generate(prompt, options, maxTokens, grammar, queue));
    }

    /**
     * Starts generating from prompt tokens into {@code sink}, which the decode loop's thread calls with each chunk
     * (the last a {@link dev.helix.provider.Chunk.Done}, or a failure). Closing the control early cancels the
     * sequence and frees its cells.
     *
     * @throws InvalidRequestException when the prompt does not fit a slot or the grammar is refused (nothing was
     *                                 given to the sink)
     */
    public SequenceControl generate(int[] prompt, GenerationOptions options, int maxTokens, String grammar,
                                    ChunkSink sink) {
        if (prompt.length == 0) {
            throw new InvalidRequestException("the prompt is empty");
        }
        if (prompt.length >= settings.slotContext()) {
            throw new InvalidRequestException("the prompt is " + prompt.length + " tokens but the model's context is "
                    + settings.slotContext() + " tokens per request; shorten the prompt or raise context_size", null,
                    InvalidRequestException.CONTEXT_LENGTH_EXCEEDED);
        }
        try (var held = use.enter()) {
            SamplerChain sampler = SamplerChain.create(library, vocab, vocabSize, options, grammar,
                    settings.slotContext());
            sampler.acceptPrompt(prompt);
            var sequence = new Sequence(prompt, Math.max(1, maxTokens), sampler, new StopText(options.stop()),
                    options.logprobs() == null ? -1 : options.logprobs(), sink);
            var control = new SequenceControl(sequence, loop);
            loop.submit(sequence);
            return control;
        }
    }

    /**
     * A context for embeddings on this model ({@link FfmEmbedder}); the caller closes it before this model.
     *
     * @param batchSize    tokens per embedding batch, and so the longest input
     * @param maxSequences inputs per batch at most
     */
    public FfmEmbedder embedder(Pooling pooling, int batchSize, int maxSequences) {
        try (var held = use.enter()) {
            return FfmEmbedder.create(library, model, pooling, batchSize, maxSequences, settings.threads(),
                    settings.threadsBatch());
        }
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

    /** The raw logits of batch output {@code row} of the last decode: a vocabulary of floats. */
    MemorySegment logits(int row) {
        try {
            MemorySegment row0 = (MemorySegment) fn.logitsIth.invokeExact(context, row);
            return row0.reinterpret((long) vocabSize * Float.BYTES);
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

    /**
     * Ends the decode loop (its streams end), then frees the context and the model once the calls other threads
     * have in them (a tokenize, a template) are done; later calls fail with "the model was unloaded".
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            loop.close();
            use.close(() -> {
                try {
                    fn.free.invokeExact(context);
                    fn.modelFree.invokeExact(model);
                    library.trimHeap();
                } catch (Throwable t) {
                    throw LlamaLibrary.rethrow(t);
                }
            });
        }
    }
}
