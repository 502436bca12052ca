package dev.helix.runtime.llamacpp;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ffm.FfmModel;
import dev.helix.runtime.gguf.GgufSplit;
import dev.helix.runtime.gpu.GpuDevices;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.runtime.grammar.JsonSchemaGrammar;
import dev.helix.runtime.reasoning.ReasoningStream;
import dev.helix.runtime.tools.ToolCallGrammar;
import dev.helix.runtime.tools.ToolCallStream;
import dev.helix.runtime.ffm.LibrarySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A GGUF model served by llama.cpp inside this process: what a runner process hosts, and what the inline mode
 * uses. At most one request per KV cache slot at a time ({@link SlotGate}); generations run on their own platform
 * threads ({@link NativeGeneration}), or, in a runner, on the caller's ({@link NativeRun}).
 */
public final class LlamaCppProvider implements Provider {
    private final String name;
    private final ModelEngine model;
    private final LoadParameters parameters;
    private final ModelFacts facts;
    private final SlotGate gate;
    private final EmbeddingContext embeddings; // engine: binding
    private final FfmEmbeddings ffmEmbeddings; // engine: ffm
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean callerThreads;

    private LlamaCppProvider(String name, ModelEngine model, LoadParameters parameters, ModelFacts facts,
                             Duration queueTimeout, boolean callerThreads) {
        this.callerThreads = callerThreads;
        this.name = name;
        this.model = model;
        this.parameters = parameters;
        this.facts = facts;
        this.gate = new SlotGate(parameters.parallel(), queueTimeout);
        this.embeddings = model instanceof FfmEngine ? null : new EmbeddingContext(name, parameters, queueTimeout);
        this.ffmEmbeddings = model instanceof FfmEngine ffm ? new FfmEmbeddings(name, ffm.model(),
                facts.poolingType(), parameters.options().batchSize(), queueTimeout) : null;
    }

    /**
     * Loads a model in this process.
     *
     * @param name         the model name requests use
     * @param queueTimeout how long a request may wait for a free slot before it is refused as busy
     * @throws ModelLoadException when the file is missing, not GGUF, of an architecture the bundled llama.cpp does
     *                            not know ({@link BundledArchitectures}), or llama.cpp refuses it
     */
    public static LlamaCppProvider load(String name, Path file, ModelLoadOptions options, Duration queueTimeout) {
        return load(name, file, options, queueTimeout, false);
    }

    /**
     * @param callerThreads whether streams are consumed on the caller's own platform thread (a runner, where the
     *                      thread that writes the frames receives the tokens) rather than handed over from a thread
     *                      of their own (callers that may be virtual threads)
     */
    static LlamaCppProvider load(String name, Path file, ModelLoadOptions options, Duration queueTimeout,
                                 boolean callerThreads) {
        return load(name, file, options, queueTimeout, callerThreads, GpuDevices.system());
    }

    /**
     * Why the library a model loads on cannot offload layers, or null when it may: the jar's libraries are CPU
     * builds; an ffm install says itself ({@code llama_supports_gpu_offload}); a binding library of the user's own
     * ({@code -Dde.kherud.llama.lib.path}) is taken to offload.
     */
    private static String cpuOnly(LibrarySource source) {
        if (source == null) {
            return System.getProperty("de.kherud.llama.lib.path") != null ? null
                    : "the library bundled in the jar runs on the CPU only";
        }
        if (source.bundled()) {
            return "the library bundled in the jar runs on the CPU only";
        }
        try {
            return source.open().supportsGpuOffload() ? null
                    : source.describe() + " was built without a GPU backend (native/build.sh --backend cuda builds one)";
        } catch (RuntimeException e) {
            return null; // a library that cannot be opened: the load itself says why
        }
    }

    /** @param devices the GPUs {@code gpu_layers: auto} plans from (with a library of the user's own) */
    static LlamaCppProvider load(String name, Path file, ModelLoadOptions options, Duration queueTimeout,
                                 boolean callerThreads, GpuDevices devices) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file not found: " + file, null);
        }
        ModelFacts facts;
        try {
            facts = ModelFacts.read(file);
        } catch (RuntimeException e) {
            throw new ModelLoadException("not a usable GGUF file: " + file + ": " + e.getMessage(), e);
        }
        requireParts(file, facts.split());
        LibrarySource source = options.engine() == dev.helix.runtime.Engine.FFM
                ? LibrarySource.resolve(options.nativeDir()) : null;
        if (source == null || source.bundled()) { // a native/build.sh library loads today's architectures
            BundledArchitectures.requireSupported(name, file, facts.architecture());
        }
        var loaded = GpuOffload.load(
                LoadParameters.resolve(file, options, facts, Runtime.getRuntime().availableProcessors()), facts,
                devices, cpuOnly(source), p -> switch (options.engine()) {
                    case BINDING -> NativeModel.load(p);
                    case FFM -> FfmEngine.load(p, source);
                });
        ModelEngine model = loaded.engine();
        var parameters = loaded.parameters();
        try {
            model.tokenize("ok");
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException("llama.cpp loaded " + file + " but cannot use it: " + e.getMessage(), e);
        }
        return new LlamaCppProvider(name, model, parameters, facts, queueTimeout, callerThreads);
    }

    /** Refuses a split model with a part missing before llama.cpp opens it, naming the file that is missing. */
    private static void requireParts(Path file, GgufSplit split) {
        if (split.count() == 1) {
            return;
        }
        List<Path> parts;
        try {
            parts = split.parts();
        } catch (IllegalStateException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!Files.isRegularFile(parts.get(i))) {
                throw new ModelLoadException("model " + file + " is split into " + parts.size() + " files and part "
                        + (i + 1) + " is missing: " + parts.get(i), null);
            }
        }
    }

    /**
     * The llama-server flags Helix passes to the binding for this file and these options, for comparisons with the
     * binding on its own (the benchmarks' direct baseline).
     *
     * @throws dev.helix.runtime.gguf.GgufFormatException when the file is not a readable GGUF file
     */
    public static de.kherud.llama.ModelParameters nativeParameters(Path file, ModelLoadOptions options) {
        return LoadParameters.resolve(file, options, ModelFacts.read(file), Runtime.getRuntime().availableProcessors())
                .toModelParameters();
    }

    @Override
    public String id() {
        return "llama.cpp:" + name;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(info());
    }

    private ModelInfo info() {
        var capabilities = java.util.EnumSet.of(ModelInfo.Capability.COMPLETION, ModelInfo.Capability.TOOLS);
        if (facts.fillInMiddle()) {
            capabilities.add(ModelInfo.Capability.INSERT);
        }
        if (facts.thinks()) {
            capabilities.add(ModelInfo.Capability.THINKING);
        }
        if (parameters.options().embeddings()) {
            capabilities.add(ModelInfo.Capability.EMBEDDING);
        }
        return new ModelInfo(name, "gguf", null, null, null, parameters.slotContext(), facts.fileSize(), null, null,
                capabilities, null, java.util.Map.of(), java.util.Map.of(), id());
    }

    @Override
    public Health health() {
        return closed.get() ? Health.down("unloaded") : Health.up();
    }

    /**
     * Characters of request text per token of context beyond which a prompt cannot fit whatever the tokenizer: no
     * vocabulary has tokens that long on average. Such a prompt is refused before it is tokenized or takes a slot,
     * so a 10 MB message costs a length check, not seconds of tokenizing while others wait.
     */
    static final int MAX_CHARS_PER_TOKEN = 32;

    private void checkLength(long chars, String field) {
        long limit = (long) parameters.slotContext() * MAX_CHARS_PER_TOKEN;
        if (chars > limit) {
            throw new InvalidRequestException("the request's text is " + chars + " characters; with a context of "
                    + parameters.slotContext() + " tokens per request it cannot fit (at most " + limit
                    + " characters are even tokenized); shorten it or raise context_size", field,
                    InvalidRequestException.CONTEXT_LENGTH_EXCEEDED);
        }
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        if (request.messages().isEmpty()) {
            throw new InvalidRequestException("messages must not be empty", "messages");
        }
        checkLength(request.messages().stream().mapToLong(m -> m.content().length()).sum(), "messages");
        String grammar = request.toolsActive() && request.toolChoice().forced()
                ? ToolCallGrammar.forced(request.tools(), request.toolChoice(), request.parallelToolCalls())
                : null;
        return ToolCallStream.of(ReasoningStream.of(generate(() -> model.applyTemplate(request), null, request.options(),
                grammar), request.options().think() && facts.thinks()), request);
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        checkLength(request.prompt().length() + (request.suffix() == null ? 0 : request.suffix().length()), "prompt");
        if (request.suffix() != null && !facts.fillInMiddle()) {
            throw new InvalidRequestException("model " + name + " does not support suffix (fill-in-the-middle): its "
                    + "GGUF file names no prefix/suffix/middle tokens", "suffix");
        }
        if (request.suffix() != null && model instanceof NativeModel binding) { // its own infill ignores both texts
            return ReasoningStream.of(generate(() -> BindingInfill.prompt(binding, facts.fim(), request.prompt(),
                    request.suffix(), parameters.options().batchSize(), parameters.slotContext()), null,
                    request.options(), null), request.options().think() && facts.thinks());
        }
        return ReasoningStream.of(generate(request::prompt, request.suffix(), request.options(), null),
                request.options().think() && facts.thinks());
    }

    private ChunkStream generate(java.util.function.Supplier<String> prompt, String suffix,
                                 dev.helix.provider.GenerationOptions options, String toolGrammar) {
        checkOpen();
        checkLogitBias(options);
        if (options.wantsLogprobs() && !(model instanceof FfmEngine)) {
            throw new InvalidRequestException("logprobs: the binding engine cannot report token probabilities (its "
                    + "llama.cpp aborts on them); load model " + name + " with engine: ffm", "logprobs");
        }
        String grammar = toolGrammar != null ? toolGrammar : grammarOf(options.constraint());
        var plan = new NativeRun.Plan(prompt, suffix, options, grammar);
        if (model instanceof FfmEngine ffm) {
            return new FfmRun(this, ffm, plan);
        }
        var run = new NativeRun(this, plan);
        return callerThreads ? run : NativeGeneration.start(this, run);
    }

    private void checkLogitBias(dev.helix.provider.GenerationOptions options) {
        for (int token : options.logitBias().keySet()) {
            if (facts.vocabularySize() > 0 && token >= facts.vocabularySize()) {
                throw new InvalidRequestException("logit_bias: token " + token + " is not in the vocabulary of "
                        + facts.vocabularySize() + " tokens", "logit_bias");
            }
        }
    }

    @Override
    public int[] tokenize(String requested, String text, boolean addSpecial) {
        checkServes(requested);
        checkOpen();
        int[] tokens = callNative(() -> model.tokenize(text));
        if (!addSpecial || !facts.addBos() || facts.bosTokenId() < 0) {
            return tokens;
        }
        int[] withBos = new int[tokens.length + 1];
        withBos[0] = facts.bosTokenId();
        System.arraycopy(tokens, 0, withBos, 1, tokens.length);
        return withBos;
    }

    @Override
    public String detokenize(String requested, int[] tokens) {
        checkServes(requested);
        checkOpen();
        for (int token : tokens) {
            if (token < 0 || (facts.vocabularySize() > 0 && token >= facts.vocabularySize())) {
                throw new InvalidRequestException("token " + token + " is not in the vocabulary of "
                        + facts.vocabularySize() + " tokens", "tokens");
            }
        }
        return callNative(() -> model.detokenize(tokens));
    }

    @Override
    public String applyTemplate(ChatRequest request) {
        checkServes(request.model());
        checkOpen();
        return callNative(() -> model.applyTemplate(request));
    }

    private static <T> T callNative(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e);
        }
    }

    private static String grammarOf(OutputConstraint constraint) {
        return switch (constraint) {
            case null -> null;
            case OutputConstraint.AnyJson any -> JsonSchemaGrammar.anyJsonObject();
            case OutputConstraint.JsonSchema schema -> JsonSchemaGrammar.convert(schema.schema());
        };
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        checkServes(request.model());
        checkOpen();
        if (!parameters.options().embeddings()) {
            throw new InvalidRequestException("model " + name + " was loaded without embeddings (embeddings: false)");
        }
        if (ffmEmbeddings == null && facts.poolingType() == POOLING_MEAN) {
            // before the binding is asked: its llama.cpp (b4916) aborts the whole process on MEAN pooling
            throw new InvalidRequestException("model " + name + " declares MEAN pooling, which the binding's "
                    + "llama.cpp (b4916) cannot run without ending the process (llama.cpp #12517); load it with "
                    + "engine: ffm to embed with it");
        }
        if (ffmEmbeddings != null) {
            ffmEmbeddings.pooling(); // refuses NONE and RANK before any work
        }
        long start = System.nanoTime();
        try {
            List<String> inputs = fittedInputs(request);
            int tokens = 0;
            List<float[]> vectors;
            if (ffmEmbeddings != null) {
                FfmModel ffm = ((FfmEngine) model).model();
                List<int[]> tokenized = new ArrayList<>(inputs.size());
                for (String input : inputs) {
                    int[] t = ffm.tokenize(input, true, true);
                    tokenized.add(t);
                    tokens += t.length;
                }
                vectors = ffmEmbeddings.embed(tokenized);
            } else {
                for (String input : inputs) {
                    tokens += countPromptTokens(input);
                }
                vectors = embeddings.with(embedder -> {
                    List<float[]> out = new ArrayList<>(inputs.size());
                    for (String input : inputs) {
                        out.add(embedder.embed(input));
                    }
                    return out;
                });
            }
            return new Embeddings(vectors, tokens, new Timings(0, System.nanoTime() - start, 0));
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw NativeErrors.translate(e);
        }
    }

    /** llama.h's {@code LLAMA_POOLING_TYPE_MEAN}. */
    private static final int POOLING_MEAN = 1;

    /**
     * The request's inputs, each cut to the batch size when it asks for {@code truncate}, else refused as
     * {@code context_length_exceeded} when longer.
     */
    private List<String> fittedInputs(EmbeddingRequest request) {
        int limit = parameters.options().batchSize();
        List<String> inputs = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            String given = request.inputs().get(i);
            String field = request.inputs().size() == 1 ? "input" : "input[" + i + "]";
            if (!request.truncate() && given.length() > (long) limit * MAX_CHARS_PER_TOKEN) {
                throw embeddingTooLong(field, given.length() + " characters", limit);
            }
            String input = request.truncate() ? fitted(given, limit) : given;
            int count = countPromptTokens(input);
            if (count > limit) {
                throw embeddingTooLong(field, count + " tokens", limit);
            }
            inputs.add(input);
        }
        return inputs;
    }

    private InvalidRequestException embeddingTooLong(String field, String size, int limit) {
        return new InvalidRequestException(field + " is " + size + "; this model's maximum context length is " + limit
                + " tokens for an embedding input (batch_size): shorten it or raise batch_size", field,
                InvalidRequestException.CONTEXT_LENGTH_EXCEEDED);
    }

    /**
     * The text cut to its first tokens so that, with a BOS, it takes at most {@code limit} tokens, as Ollama's
     * {@code truncate} does. Text far beyond what could fit is cut by length first, so a huge input is never
     * tokenized whole. Detokenized text can tokenize to a few more tokens than it came from (a piece's leading space
     * merges differently), so the cut is shortened by the excess until it fits.
     */
    private String fitted(String text, int limit) {
        long most = (long) limit * MAX_CHARS_PER_TOKEN;
        String head = text.length() <= most ? text : text.substring(0, Character.isHighSurrogate(text.charAt(
                (int) most - 1)) ? (int) most - 1 : (int) most);
        int[] tokens = model.tokenize(head);
        int room = limit - (facts.addBos() ? 1 : 0);
        if (tokens.length <= room) {
            return head;
        }
        String cut = head;
        for (int attempt = 0; attempt < 8 && room > 0; attempt++) {
            cut = model.detokenize(java.util.Arrays.copyOf(tokens, room));
            int over = countPromptTokens(cut) - limit;
            if (over <= 0) {
                return cut;
            }
            room -= over;
        }
        return cut; // refused by the caller's count
    }

    /** Tokens llama.cpp will evaluate for this prompt: the text's tokens plus a BOS where the model adds one. */
    int countPromptTokens(String prompt) {
        return model.tokenize(prompt).length + (facts.addBos() ? 1 : 0);
    }

    private void checkServes(String requested) {
        if (!name.equals(requested)) {
            throw new ModelNotFoundException(requested);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ProviderFailedException("model " + name + " was unloaded");
        }
    }

    String modelName() {
        return name;
    }

    /** The binding's model; only runs of the binding engine ask. */
    NativeModel model() {
        return (NativeModel) model;
    }

    SlotGate gate() {
        return gate;
    }

    /** Context per request, in tokens. */
    public int slotContext() {
        return parameters.slotContext();
    }

    /** KV cache slots, i.e. requests decoded together. */
    public int parallel() {
        return parameters.parallel();
    }

    /** Threads llama.cpp uses for this model. */
    public int threads() {
        return parameters.threads();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (embeddings != null) {
                embeddings.close();
            }
            if (ffmEmbeddings != null) {
                ffmEmbeddings.close();
            }
            model.close();
        }
    }
}
