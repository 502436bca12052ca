package dev.helix.runtime.gguf;

import java.util.Map;
import java.util.Optional;

/**
 * What a GGUF file says about its model, read without loading it.
 *
 * @param architecture    {@code general.architecture}, e.g. "llama"
 * @param name            {@code general.name}, or null
 * @param parameterCount  summed element count of all tensors
 * @param fileType        {@code general.file_type} (llama_ftype), or -1 when absent
 * @param quantization    the file type's name as Ollama shows it: "F32", "F16", "Q8_0", "Q4_K_M", ...
 * @param contextLength   {@code <arch>.context_length}, or 0
 * @param embeddingLength {@code <arch>.embedding_length}, or 0
 * @param blockCount      {@code <arch>.block_count}, or 0
 * @param chatTemplate    {@code tokenizer.chat_template}, or null
 * @param tokenizerModel  {@code tokenizer.ggml.model}, e.g. "llama" (SentencePiece) or "gpt2" (BPE), or null
 * @param fileSize        bytes on disk
 * @param metadata        every scalar key/value of the header (arrays are summarised by their length)
 */
public record GgufMetadata(String architecture, String name, long parameterCount, int fileType,
                           String quantization, long contextLength, long embeddingLength, long blockCount,
                           String chatTemplate, String tokenizerModel, long fileSize,
                           Map<String, Object> metadata) {

    public GgufMetadata {
        metadata = Map.copyOf(metadata);
    }

    public Optional<String> chatTemplateIfAny() {
        return Optional.ofNullable(chatTemplate);
    }

    /** Ollama-style parameter size, e.g. "260K", "7.2B". */
    public String parameterSize() {
        double n = parameterCount;
        if (n >= 1e9) {
            return String.format(java.util.Locale.ROOT, "%.1fB", n / 1e9);
        }
        if (n >= 1e6) {
            return String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 1e3) {
            return String.format(java.util.Locale.ROOT, "%.0fK", n / 1e3);
        }
        return Long.toString(parameterCount);
    }
}
