package dev.helix.router;

import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelInfo.Capability;
import dev.helix.runtime.gguf.GgufMetadata;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What listings show about a local model, from its GGUF header (never by loading it), so that no API reads model
 * files itself.
 */
final class ModelDescriber {
    /** End-of-turn markers of common templates, shown as the model's stop strings. */
    private static final List<String> STOP_MARKERS = List.of("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>",
            "</s>");

    private final GgufHeaders headers;

    ModelDescriber(GgufHeaders headers) {
        this.headers = headers;
    }

    ModelInfo describe(String name, ModelEntry entry) {
        GgufHeaders.Header header = headers.read(entry.path());
        var options = entry.options();
        Map<String, Object> settings = new LinkedHashMap<>();
        if (header.metadata().isEmpty()) {
            settings.put("problem", header.problem());
            return new ModelInfo(name, "gguf", null, null, null, 0, header.size(), header.modified(), header.digest(),
                    capabilities(entry, null), null, Map.of(), settings, entry.path().toString());
        }
        GgufMetadata m = header.metadata().get();
        int context = options.effectiveContextSize(m.contextLength());
        settings.put("context_size", context);
        settings.put("batch_size", options.batchSize());
        settings.put("gpu_layers", options.gpuLayers());
        settings.put("threads", options.threads());
        String template = m.chatTemplate();
        List<String> stops = STOP_MARKERS.stream().filter(s -> template != null && template.contains(s)).toList();
        if (!stops.isEmpty()) {
            settings.put("stop", stops);
        }
        return new ModelInfo(name, "gguf", m.architecture(), m.parameterSize(), m.quantization(), context,
                header.size(), header.modified(), header.digest(), capabilities(entry, m), template, metadata(m),
                settings, entry.path().toString());
    }

    /** The header's scalar keys (arrays, such as the vocabulary, as null: Ollama leaves them out unless verbose). */
    private static Map<String, Object> metadata(GgufMetadata m) {
        Map<String, Object> info = new LinkedHashMap<>();
        m.metadata().forEach((key, value) -> info.put(key, value instanceof GgufMetadata.ArrayValue ? null : value));
        info.put("general.architecture", m.architecture());
        info.put("general.parameter_count", m.parameterCount());
        return info;
    }

    /**
     * What the model can do through Helix: every model completes and calls tools (templates without tool support get
     * a tool prompt, and required calls are forced by grammar); "insert" when its header names fill-in-the-middle
     * tokens; "thinking" when its template marks reasoning; "embedding" when loaded with embeddings. Never "vision".
     */
    private static java.util.Set<Capability> capabilities(ModelEntry entry, GgufMetadata m) {
        var capabilities = EnumSet.of(Capability.COMPLETION, Capability.TOOLS);
        if (m != null && m.supportsFillInMiddle()) {
            capabilities.add(Capability.INSERT);
        }
        if (m != null && m.thinks()) {
            capabilities.add(Capability.THINKING);
        }
        if (entry.options().embeddings()) {
            capabilities.add(Capability.EMBEDDING);
        }
        return capabilities;
    }
}
