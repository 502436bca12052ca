package dev.helix.provider;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider says about a model it serves, for listings ({@code /api/tags}, {@code /v1/models},
 * {@code /api/show}), without loading it. Unknown values are null (text), 0 (numbers) or empty; each API fills its
 * own defaults.
 *
 * @param name          the name requests use
 * @param format        the weights' format, e.g. "gguf"; null when the backend does not say
 * @param family        the architecture, e.g. "llama"
 * @param parameterSize e.g. "7.2B"
 * @param quantization  e.g. "Q4_K_M"
 * @param contextLength tokens a request may use
 * @param sizeBytes     bytes of the weights
 * @param modified      when the weights last changed
 * @param digest        a stable identity of this version of the model
 * @param capabilities  what it can do through Helix
 * @param template      its chat template, when known
 * @param metadata      further facts as the model states them (a GGUF's scalar header keys; a backend's fields)
 * @param settings      how it is run (context_size, batch_size, gpu_layers, threads, stop, ...), for display
 * @param origin        where it comes from: a file path, or a backend such as {@code vllm@http://host:8000}
 */
public record ModelInfo(String name, String format, String family, String parameterSize, String quantization,
                        long contextLength, long sizeBytes, Instant modified, String digest,
                        Set<Capability> capabilities, String template, Map<String, Object> metadata,
                        Map<String, Object> settings, String origin) {

    /** What a model can do; the names are Ollama's. */
    public enum Capability { COMPLETION, TOOLS, INSERT, THINKING, EMBEDDING, VISION }

    public ModelInfo {
        Objects.requireNonNull(name, "name");
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(capabilities));
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A model known by name only. */
    public static ModelInfo named(String name, String origin) {
        return new ModelInfo(name, null, null, null, null, 0, 0, null, null, Set.of(Capability.COMPLETION), null,
                Map.of(), Map.of(), origin);
    }

    /** The same model under another name (an alias, or the name a backend's model has in Helix). */
    public ModelInfo withName(String value) {
        return new ModelInfo(value, format, family, parameterSize, quantization, contextLength, sizeBytes, modified,
                digest, capabilities, template, metadata, settings, origin);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
