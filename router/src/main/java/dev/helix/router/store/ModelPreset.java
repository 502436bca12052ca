package dev.helix.router.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model adds to every request that does not say otherwise: from an Ollama manifest's system, template and
 * params layers, a Jan model.json, or a variant made with {@code /api/create}.
 *
 * @param system     the system prompt when a request has none, or null
 * @param template   a Go template (Ollama's) for prompts, or null for the GGUF's own chat template
 * @param parameters Ollama's option names to values ({@code temperature}, {@code stop} as a list, {@code num_ctx}, ...)
 */
public record ModelPreset(String system, String template, Map<String, Object> parameters) {
    public static final ModelPreset NONE = new ModelPreset(null, null, Map.of());

    public ModelPreset {
        system = system == null || system.isEmpty() ? null : system;
        template = template == null || template.isEmpty() ? null : template;
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public boolean isEmpty() {
        return system == null && template == null && parameters.isEmpty();
    }

    /** This preset's values over {@code base}'s: a variant of a model keeps what it does not replace. */
    public ModelPreset over(ModelPreset base) {
        var merged = new LinkedHashMap<String, Object>(base.parameters);
        merged.putAll(parameters);
        return new ModelPreset(system != null ? system : base.system, template != null ? template : base.template,
                merged);
    }
}
