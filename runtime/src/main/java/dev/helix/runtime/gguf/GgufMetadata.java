package dev.helix.runtime.gguf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a GGUF file says about its model, read by {@link GgufReader} from the header alone.
 *
 * @param version         GGUF version, 2 or 3
 * @param architecture    {@code general.architecture}, e.g. "llama", or null when absent
 * @param name            {@code general.name}, or null
 * @param parameterCount  summed element count of all tensors (what Ollama and llama.cpp call the parameter count)
 * @param fileType        {@code general.file_type} (llama_ftype), or -1 when absent
 * @param quantization    the file type's name as Ollama shows it: "F32", "F16", "Q8_0", "Q4_K_M", ...; when the
 *                        file type is absent, llama.cpp's guess from the most common tensor type; "unknown" when
 *                        the value is not a llama_ftype llama.cpp defines
 * @param contextLength   {@code <arch>.context_length}, or 0
 * @param embeddingLength {@code <arch>.embedding_length}, or 0
 * @param blockCount      {@code <arch>.block_count}, or 0
 * @param headCount       {@code <arch>.attention.head_count} (for a per-layer array, the largest of
 *                        its first 16 entries), or 0
 * @param headCountKv     {@code <arch>.attention.head_count_kv}; defaults to {@code headCount} as in llama.cpp
 * @param chatTemplate    {@code tokenizer.chat_template}, or null
 * @param tokenizerModel  {@code tokenizer.ggml.model}, e.g. "llama" (SentencePiece) or "gpt2" (BPE), or null
 * @param bosTokenId      {@code tokenizer.ggml.bos_token_id}, or null
 * @param eosTokenId      {@code tokenizer.ggml.eos_token_id}, or null
 * @param addBosToken     {@code tokenizer.ggml.add_bos_token}; when absent, llama.cpp's default for the tokenizer:
 *                        true for "llama" (SentencePiece) and "bert", true for "gpt2" only with the llama3-style
 *                        pre-tokenizers that set it, false otherwise
 * @param poolingType     {@code <arch>.pooling_type} (0 none, 1 mean, 2 cls, 3 last, 4 rank), or null; set by
 *                        embedding models
 * @param vocabularySize  length of {@code tokenizer.ggml.tokens}, or 0
 * @param tensorCount     number of tensors
 * @param fileSize        bytes on disk
 * @param dataOffset      absolute file offset where tensor data starts (after the header, aligned)
 * @param tensors         the tensor-info table, in file order
 * @param metadata        every key/value of the header in file order: integers of any width as {@link Long}
 *                        (uint64 above Long.MAX_VALUE wraps negative), float32/float64 as {@link Double} (a float32
 *                        as its shortest decimal, e.g. 1.0E-5), bool as {@link Boolean}, string as {@link String},
 *                        arrays as {@link ArrayValue}
 */
public record GgufMetadata(int version, String architecture, String name, long parameterCount, int fileType,
                           String quantization, long contextLength, long embeddingLength, long blockCount,
                           long headCount, long headCountKv, String chatTemplate, String tokenizerModel,
                           Integer bosTokenId, Integer eosTokenId, boolean addBosToken, Integer poolingType,
                           long vocabularySize, long tensorCount, long fileSize, long dataOffset,
                           List<GgufTensorInfo> tensors, Map<String, Object> metadata) {

    /** Most elements of an array {@link ArrayValue#head()} keeps. */
    public static final int ARRAY_HEAD_LIMIT = 16;

    /**
     * An array-valued key, summarised: its element type, length and first few elements (so that a
     * 150,000-token vocabulary costs nothing to list or show).
     *
     * @param elementType GGUF type name of the elements, e.g. "string", "int32", "float32"
     * @param length      number of elements in the file
     * @param head        the first min(length, {@value #ARRAY_HEAD_LIMIT}) elements, typed like scalar values
     *                    (string elements longer than 64 KiB are cut)
     */
    public record ArrayValue(String elementType, long length, List<Object> head) {
        public ArrayValue {
            Objects.requireNonNull(elementType, "elementType");
            head = List.copyOf(head);
            if (length < head.size() || head.size() > ARRAY_HEAD_LIMIT) {
                throw new IllegalArgumentException("head of " + head.size() + " elements for length " + length);
            }
        }
    }

    public GgufMetadata {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Derives the summary fields from a header's key/values and tensor infos. */
    static GgufMetadata of(int version, Map<String, Object> kv, List<GgufTensorInfo> tensors, long dataOffset,
                           long fileSize) {
        String arch = kv.get("general.architecture") instanceof String s ? s : null;
        String prefix = arch == null ? "\0" : arch + ".";
        long parameters = 0;
        for (GgufTensorInfo t : tensors) {
            parameters += t.elementCount();
        }
        Object fileTypeValue = kv.get("general.file_type");
        int fileType = fileTypeValue instanceof Long l ? (int) Math.max(-1, Math.min(l, Integer.MAX_VALUE)) : -1;
        String quantization = fileType >= 0 ? FileTypes.name(fileType) : FileTypes.guess(tensors);
        long heads = max(kv.get(prefix + "attention.head_count"));
        Object kvHeadsValue = kv.get(prefix + "attention.head_count_kv");
        long kvHeads = kvHeadsValue == null ? heads : max(kvHeadsValue);
        String tokenizer = kv.get("tokenizer.ggml.model") instanceof String s ? s : null;
        boolean addBos = kv.get("tokenizer.ggml.add_bos_token") instanceof Boolean b ? b
                : defaultAddBos(tokenizer, kv.get("tokenizer.ggml.pre"));
        long vocabulary = kv.get("tokenizer.ggml.tokens") instanceof ArrayValue a ? a.length() : 0;
        return new GgufMetadata(version, arch, kv.get("general.name") instanceof String s ? s : null, parameters,
                fileType, quantization, max(kv.get(prefix + "context_length")),
                max(kv.get(prefix + "embedding_length")), max(kv.get(prefix + "block_count")), heads, kvHeads,
                kv.get("tokenizer.chat_template") instanceof String s ? s : null, tokenizer,
                tokenId(kv.get("tokenizer.ggml.bos_token_id")), tokenId(kv.get("tokenizer.ggml.eos_token_id")),
                addBos, tokenId(kv.get(prefix + "pooling_type")), vocabulary, tensors.size(), fileSize, dataOffset,
                tensors, kv);
    }

    /** llama.cpp's add_bos default (llama-vocab.cpp) when the file does not say. */
    private static boolean defaultAddBos(String tokenizer, Object pre) {
        if ("llama".equals(tokenizer) || "bert".equals(tokenizer)) {
            return true;
        }
        return "gpt2".equals(tokenizer) && pre instanceof String p
                && List.of("llama3", "llama-v3", "llama-bpe", "falcon3", "tekken", "chameleon").contains(p);
    }

    private static long max(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        long max = 0;
        if (value instanceof ArrayValue a) {
            for (Object o : a.head()) {
                if (o instanceof Long l) {
                    max = Math.max(max, l);
                }
            }
        }
        return max;
    }

    private static Integer tokenId(Object value) {
        return value instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE ? Integer.valueOf(l.intValue()) : null;
    }

    /** The GGUF keys of the fill-in-the-middle tokens, current and legacy naming, as llama.cpp reads them. */
    private static final List<List<String>> FIM_KEYS = List.of(
            List.of("tokenizer.ggml.fim_pre_token_id", "tokenizer.ggml.fim_suf_token_id",
                    "tokenizer.ggml.fim_mid_token_id"),
            List.of("tokenizer.ggml.prefix_token_id", "tokenizer.ggml.suffix_token_id",
                    "tokenizer.ggml.middle_token_id"));

    /**
     * Whether the model can fill in the middle: its header names the prefix, suffix and middle tokens (in either
     * naming). llama.cpp would run an infill prompt without them too, and produce nonsense.
     */
    public boolean supportsFillInMiddle() {
        return FIM_KEYS.stream().anyMatch(keys -> keys.stream()
                .allMatch(key -> integer(key).isPresent() && integer(key).getAsLong() >= 0));
    }

    /**
     * A fill-in-the-middle token id the header names, or -1: {@code role} is {@code pre}, {@code suf}, {@code mid}
     * (also read under their legacy names {@code prefix}, {@code suffix}, {@code middle}), {@code rep} or {@code sep}.
     */
    public int fimTokenId(String role) {
        String legacy = switch (role) {
            case "pre" -> "prefix";
            case "suf" -> "suffix";
            case "mid" -> "middle";
            default -> null;
        };
        for (String key : legacy == null ? List.of("tokenizer.ggml.fim_" + role + "_token_id")
                : List.of("tokenizer.ggml.fim_" + role + "_token_id", "tokenizer.ggml." + legacy + "_token_id")) {
            var id = integer(key);
            if (id.isPresent() && id.getAsLong() >= 0 && id.getAsLong() <= Integer.MAX_VALUE) {
                return (int) id.getAsLong();
            }
        }
        return -1;
    }

    /** Whether the chat template marks reasoning ({@code <think>}): a model that thinks before it answers. */
    public boolean thinks() {
        return chatTemplate != null && chatTemplate.contains("<think>");
    }

    /** The chat template, when the file has one. */
    public Optional<String> chatTemplateIfAny() {
        return Optional.ofNullable(chatTemplate);
    }

    /** A string-valued key. */
    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** An integer-valued key of any width. */
    public OptionalLong integer(String key) {
        return metadata.get(key) instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
    }

    /** A float- or integer-valued key, as a double. */
    public OptionalDouble number(String key) {
        return metadata.get(key) instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /** A bool-valued key. */
    public Optional<Boolean> bool(String key) {
        return metadata.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** An array-valued key, summarised. */
    public Optional<ArrayValue> array(String key) {
        return metadata.get(key) instanceof ArrayValue a ? Optional.of(a) : Optional.empty();
    }

    /** The tensor with the given name. */
    public Optional<GgufTensorInfo> tensor(String tensorName) {
        return tensors.stream().filter(t -> t.name().equals(tensorName)).findFirst();
    }

    /**
     * The parameter count as Ollama prints {@code details.parameter_size} (its {@code format.HumanNumber}):
     * billions with one decimal ("8.0B", "7.2B"), millions with two ("494.03M", "15.14M"), thousands with none
     * ("293K"), whole multiples without decimals ("1B", "60M"), smaller counts as they are ("512").
     */
    public String parameterSize() {
        return humanNumber(parameterCount);
    }

    /** Ollama's format.HumanNumber. */
    static String humanNumber(long n) {
        if (n >= 1_000_000_000L) {
            return scaled(n, 1_000_000_000L, 1, "B");
        }
        if (n >= 1_000_000L) {
            return scaled(n, 1_000_000L, 2, "M");
        }
        if (n >= 1_000L) {
            return new BigDecimal(n / 1e3).setScale(0, RoundingMode.HALF_EVEN).toPlainString() + "K";
        }
        return Long.toString(n);
    }

    private static String scaled(long n, long unit, int decimals, String suffix) {
        if (n % unit == 0) {
            return n / unit + suffix;
        }
        // Go's %.Nf rounds the exact binary value half-to-even, as BigDecimal(double) does here.
        return new BigDecimal((double) n / unit).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + suffix;
    }
}
