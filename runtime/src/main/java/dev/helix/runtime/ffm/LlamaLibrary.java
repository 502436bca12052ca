package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * llama.cpp's C API, opened from one library file and identified before use: every symbol the engine calls is
 * exported, and the default parameters read back through {@link CApi}'s layouts as that generation's defaults.
 * Nothing else passes a struct to the library until both hold. The library stays loaded for the life of the
 * process (its arena is never closed: unloading llama.cpp with live OpenMP threads is not safe).
 */
public final class LlamaLibrary {
    private static final Logger LOG = LoggerFactory.getLogger("dev.helix.llama.cpp");
    private static final Linker LINKER = Linker.nativeLinker();

    private final CApi api;
    private final Path file;
    private final SymbolLookup lookup;
    final Functions fn;

    private LlamaLibrary(CApi api, Path file, SymbolLookup lookup) {
        this.api = api;
        this.file = file;
        this.lookup = lookup;
        this.fn = new Functions();
    }

    /**
     * Opens a library and identifies it as one of the generations this engine knows: the first whose symbols it
     * all exports and whose default parameters read back as expected.
     *
     * @throws LibraryMismatchException when it cannot be opened or matches no generation, saying why for each
     */
    public static LlamaLibrary identify(Path file, List<CApi> generations) {
        SymbolLookup lookup = lookup(file);
        List<String> reasons = new ArrayList<>();
        for (CApi api : generations) {
            String missing = missing(lookup, api);
            if (missing != null) {
                reasons.add(api.name() + ": it lacks " + missing);
                continue;
            }
            var library = new LlamaLibrary(api, file, lookup);
            String wrong = library.wrongDefaults();
            if (wrong != null) {
                reasons.add(api.name() + ": its default parameters read back wrong (" + wrong + ")");
                continue;
            }
            library.start();
            return library;
        }
        throw new LibraryMismatchException(file + " is none of the llama.cpp C API generations Helix knows ("
                + String.join("; ", reasons) + "), so Helix will not pass it a struct. Use the library bundled in "
                + "Helix's jar, a build of `native/build.sh --backend cpu` (the current tag), or engine: binding.");
    }

    /**
     * Opens a library as one given generation.
     *
     * @throws LibraryMismatchException when it cannot be opened, lacks a symbol or its defaults do not match
     */
    public static LlamaLibrary open(Path file, CApi api) {
        SymbolLookup lookup = lookup(file);
        String missing = missing(lookup, api);
        if (missing != null) {
            String newer = lookup.find("llama_memory_seq_rm").isPresent() && api.memoryOf() == null
                    ? " It exports llama_memory_seq_rm: a newer llama.cpp (the llama_memory_* generation)."
                    : "";
            throw new LibraryMismatchException(file + " is not llama.cpp's C API of generation " + api.name()
                    + ": it lacks " + missing + "." + newer + " Use the library bundled in Helix's jar, or engine: "
                    + "binding.");
        }
        var library = new LlamaLibrary(api, file, lookup);
        String wrong = library.wrongDefaults();
        if (wrong != null) {
            throw new LibraryMismatchException(file + " exports llama.cpp's functions, but its default parameters do "
                    + "not read back as generation " + api.name() + "'s (" + wrong + "): its structs have another "
                    + "layout, so Helix will not pass them. Use the library bundled in Helix's jar, or engine: "
                    + "binding.");
        }
        library.start();
        return library;
    }

    private static SymbolLookup lookup(Path file) {
        try {
            return SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LibraryMismatchException("cannot open " + file + " as a shared library: " + e.getMessage());
        }
    }

    /** The symbols of {@code api} the library lacks (the first eight), or null when it has them all. */
    private static String missing(SymbolLookup lookup, CApi api) {
        List<String> missing = new ArrayList<>();
        for (String symbol : api.symbols()) {
            if (lookup.find(symbol).isEmpty()) {
                missing.add(symbol);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        return String.join(", ", missing.subList(0, Math.min(8, missing.size())))
                + (missing.size() > 8 ? " and " + (missing.size() - 8) + " more" : "");
    }

    private void start() {
        fn.backendInit();
        fn.logTo(LOG);
    }

    /** The generation the library was identified as. */
    public CApi api() {
        return api;
    }

    public Path file() {
        return file;
    }

    /** {@code llama_print_system_info()}: the CPU features and backends the library was built with. */
    public String systemInfo() {
        return fn.systemInfo();
    }

    /**
     * {@code llama_supports_gpu_offload()}: whether the library was built with a backend that runs layers off the CPU
     * (CUDA, Metal, Vulkan...). A CPU-only build ignores {@code n_gpu_layers}.
     */
    public boolean supportsGpuOffload() {
        return fn.supportsGpuOffload();
    }

    /**
     * The default-params round trip: null when every expected field reads back, else what did not. The structs are
     * returned into buffers far larger than the layouts, so a library whose struct is bigger than this generation's
     * writes into slack, not over the heap.
     */
    private String wrongDefaults() {
        List<String> wrong = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            java.lang.foreign.SegmentAllocator roomy = (size, align) -> arena.allocate(Math.max(size, 4096), align);
            compare("llama_model_default_params", fn.modelDefaultParams(roomy), api.modelParams(),
                    api.modelDefaults(), wrong);
            compare("llama_context_default_params", fn.contextDefaultParams(roomy), api.contextParams(),
                    api.contextDefaults(), wrong);
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    private static void compare(String function, MemorySegment struct, java.lang.foreign.StructLayout layout,
                                Map<String, Object> expected, List<String> wrong) {
        for (var entry : new java.util.TreeMap<>(expected).entrySet()) {
            long at = CApi.offset(layout, entry.getKey());
            Object actual = switch (entry.getValue()) {
                case Integer i -> struct.get(JAVA_INT, at);
                case Float f -> struct.get(JAVA_FLOAT, at);
                case Boolean b -> struct.get(JAVA_BOOLEAN, at);
                default -> throw new IllegalArgumentException("no reader for " + entry.getValue().getClass());
            };
            if (!actual.equals(entry.getValue())) {
                wrong.add(function + "()." + entry.getKey() + " is " + actual + ", expected " + entry.getValue());
            }
        }
    }

    /**
     * Returns the C heap's free memory to the system ({@code malloc_trim(0)} on glibc; nothing elsewhere). After a
     * model is freed its memory sits in malloc arenas (the decode thread's among them) until trimmed: measured,
     * ten load/close cycles of a 15M model kept 130 MB resident without it.
     */
    public void trimHeap() {
        if (fn.mallocTrim != null) {
            try {
                int ignored = (int) fn.mallocTrim.invokeExact(0L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    private MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lookup.find(name).orElseThrow(), descriptor);
    }

    /** The downcalls, typed. Calls whose failure is a native crash cannot throw; the rest rethrow as unchecked. */
    final class Functions {
        private static final ValueLayout.OfLong SIZE_T = JAVA_LONG;
        /** glibc's {@code M_MMAP_THRESHOLD} parameter of {@code mallopt}. */
        private static final int M_MMAP_THRESHOLD = -3;
        /** glibc's default threshold, now fixed: larger allocations are mmapped. */
        private static final int MMAP_THRESHOLD = 128 * 1024;
        private final MethodHandle mallocTrim = LINKER.defaultLookup().find("malloc_trim")
                .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)))
                .orElse(null);
        private final MethodHandle mallopt = LINKER.defaultLookup().find("mallopt")
                .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)))
                .orElse(null);
        private final MethodHandle backendInit = handle("llama_backend_init", FunctionDescriptor.ofVoid());
        private final MethodHandle systemInfo = handle("llama_print_system_info", FunctionDescriptor.of(ADDRESS));
        private final MethodHandle supportsGpuOffload = lookup.find("llama_supports_gpu_offload")
                .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_BOOLEAN)))
                .orElse(null);
        private final MethodHandle logSet = handle("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        private final MethodHandle modelDefaultParams = handle("llama_model_default_params",
                FunctionDescriptor.of(api.modelParams()));
        private final MethodHandle contextDefaultParams = handle("llama_context_default_params",
                FunctionDescriptor.of(api.contextParams()));
        private final MethodHandle samplerChainDefaultParams = handle("llama_sampler_chain_default_params",
                FunctionDescriptor.of(api.samplerChainParams()));
        final MethodHandle modelLoad = handle("llama_model_load_from_file",
                FunctionDescriptor.of(ADDRESS, ADDRESS, api.modelParams()));
        final MethodHandle modelFree = handle("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        final MethodHandle initFromModel = handle("llama_init_from_model",
                FunctionDescriptor.of(ADDRESS, ADDRESS, api.contextParams()));
        final MethodHandle free = handle("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        final MethodHandle modelVocab = handle("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        final MethodHandle modelChatTemplate = handle("llama_model_chat_template",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        final MethodHandle nCtx = handle("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabNTokens = handle("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabIsEog = handle("llama_vocab_is_eog",
                FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        final MethodHandle vocabAddBos = handle("llama_vocab_get_add_bos",
                FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        final MethodHandle vocabBos = handle("llama_vocab_bos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabEos = handle("llama_vocab_eos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabFimPre = handle("llama_vocab_fim_pre", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabFimSuf = handle("llama_vocab_fim_suf", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabFimMid = handle("llama_vocab_fim_mid", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabFimRep = handle("llama_vocab_fim_rep", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle vocabFimSep = handle("llama_vocab_fim_sep", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle tokenize = handle("llama_tokenize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        final MethodHandle tokenToPiece = handle("llama_token_to_piece", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
        final MethodHandle chatApplyTemplate = handle("llama_chat_apply_template", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, SIZE_T, JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        final MethodHandle decode = handle("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, api.batch()));
        final MethodHandle logitsIth = handle("llama_get_logits_ith",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        final MethodHandle modelNEmbd = handle("llama_model_n_embd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        final MethodHandle embeddingsIth = handle("llama_get_embeddings_ith",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        final MethodHandle embeddingsSeq = handle("llama_get_embeddings_seq",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        /** Takes what {@link #kvOf} returns for a context. */
        final MethodHandle seqRemove = handle(api.seqRemove(),
                FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        private final MethodHandle memoryOf = api.memoryOf() == null ? null
                : handle(api.memoryOf(), FunctionDescriptor.of(ADDRESS, ADDRESS));
        final MethodHandle chainInit = handle("llama_sampler_chain_init",
                FunctionDescriptor.of(ADDRESS, api.samplerChainParams()));
        final MethodHandle chainAdd = handle("llama_sampler_chain_add", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        final MethodHandle samplerFree = handle("llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
        final MethodHandle samplerAccept = handle("llama_sampler_accept",
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        final MethodHandle samplerSample = handle("llama_sampler_sample",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        final MethodHandle greedy = handle("llama_sampler_init_greedy", FunctionDescriptor.of(ADDRESS));
        final MethodHandle dist = handle("llama_sampler_init_dist", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        final MethodHandle topK = handle("llama_sampler_init_top_k", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        final MethodHandle topP = handle("llama_sampler_init_top_p",
                FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
        final MethodHandle minP = handle("llama_sampler_init_min_p",
                FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
        final MethodHandle typical = handle("llama_sampler_init_typical",
                FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
        final MethodHandle temp = handle("llama_sampler_init_temp", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT));
        /** {@code (n_vocab, last_n, repeat, frequency, presence)}; a generation without n_vocab ignores the first. */
        final MethodHandle penalties = api.penaltiesTakeVocab()
                ? handle("llama_sampler_init_penalties",
                        FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT))
                : MethodHandles.dropArguments(handle("llama_sampler_init_penalties",
                        FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT)), 0, int.class);
        final MethodHandle logitBias = handle("llama_sampler_init_logit_bias",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        final MethodHandle grammar = handle("llama_sampler_init_grammar",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));

        /** What the KV calls take for a context: its {@code llama_memory_t}, or the context itself. */
        MemorySegment kvOf(MemorySegment context) {
            if (memoryOf == null) {
                return context;
            }
            try {
                return (MemorySegment) memoryOf.invokeExact(context);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        void backendInit() {
            try {
                fixMmapThreshold();
                backendInit.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /**
         * glibc serves an allocation of 128 KB or more with mmap, and gives it back on free; but each such free also
         * raises that threshold to the freed size (up to 32 MB), after which a model's KV cache and compute buffers
         * come from the malloc arenas, where what is freed stays resident unless the arena's free pages can be
         * trimmed. Measured here on a busy machine: a load/close cycle of a 15M model then left 15-30 MB resident
         * for several cycles. Fixing the threshold ({@code M_MMAP_THRESHOLD}, which turns the raising off) keeps
         * every large buffer an mmap of its own, returned whole at its free. glibc only; elsewhere nothing.
         */
        private void fixMmapThreshold() throws Throwable {
            if (mallopt != null && mallocTrim != null) { // malloc_trim: glibc's, so mallopt's numbering is glibc's
                int ignored = (int) mallopt.invokeExact(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            }
        }

        boolean supportsGpuOffload() {
            if (supportsGpuOffload == null) {
                return false;
            }
            try {
                return (boolean) supportsGpuOffload.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        String systemInfo() {
            try {
                return ((MemorySegment) systemInfo.invokeExact()).reinterpret(Integer.MAX_VALUE).getString(0);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        MemorySegment modelDefaultParams(java.lang.foreign.SegmentAllocator arena) {
            try {
                return (MemorySegment) modelDefaultParams.invokeExact(arena);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        MemorySegment contextDefaultParams(java.lang.foreign.SegmentAllocator arena) {
            try {
                return (MemorySegment) contextDefaultParams.invokeExact(arena);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        MemorySegment samplerChainDefaultParams(Arena arena) {
            try {
                return (MemorySegment) samplerChainDefaultParams.invokeExact(
                        (java.lang.foreign.SegmentAllocator) arena);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** The last error line llama.cpp logged on each thread, e.g. why a model did not load. */
        private final ThreadLocal<String> lastError = new ThreadLocal<>();

        /** The last error line llama.cpp logged on this thread since the previous call, or null; clears it. */
        String takeLastError() {
            String line = lastError.get();
            lastError.remove();
            return line;
        }

        /** Routes llama.cpp's log lines to SLF4J (errors and warnings as such, the rest at debug). */
        void logTo(Logger log) {
            try {
                MethodHandle target = MethodHandles.insertArguments(MethodHandles.lookup().findStatic(
                        Functions.class, "log", MethodType.methodType(void.class, Functions.class, Logger.class,
                                int.class, MemorySegment.class, MemorySegment.class)), 0, this, log);
                MemorySegment stub = LINKER.upcallStub(target,
                        FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
                logSet.invokeExact(stub, MemorySegment.NULL);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private static void log(Functions fn, Logger log, int level, MemorySegment text, MemorySegment user) {
            String line = text.reinterpret(Integer.MAX_VALUE).getString(0).stripTrailing();
            if (line.isEmpty()) {
                return;
            }
            switch (level) {
                case 4 -> {
                    log.error(line);
                    if (line.contains("error") || fn.lastError.get() == null) { // "error loading model: why" wins
                        fn.lastError.set(line);
                    }
                }
                case 3 -> log.warn(line);
                default -> log.debug(line);
            }
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
