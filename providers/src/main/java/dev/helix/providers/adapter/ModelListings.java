package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.provider.ModelInfo;
import dev.helix.providers.upstream.ListingFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server's model listing, in each of the formats servers use, as {@link ModelInfo}s: the name requests use, and
 * what the listing tells besides (context length, family, size, quantization, loaded state, owner).
 */
final class ModelListings {
    private ModelListings() {
    }

    static List<ModelInfo> read(ListingFormat format, JsonNode listing, String origin) {
        var models = new ArrayList<ModelInfo>();
        switch (format) {
            case OPENAI_MODELS, LM_STUDIO_V0 -> {
                for (JsonNode m : listing.path("data")) {
                    String id = m.path("id").asText("");
                    if (id.isEmpty()) {
                        continue;
                    }
                    long context = first(m, "max_context_length", "context_length", "max_model_len");
                    Map<String, Object> facts = new LinkedHashMap<>();
                    put(facts, "owned_by", m.path("owned_by"));
                    put(facts, "state", m.path("state"));
                    put(facts, "status", m.path("status"));
                    put(facts, "type", m.path("type"));
                    String family = text(m.path("arch"));
                    String quantization = text(m.path("quantization"));
                    Set<ModelInfo.Capability> capabilities = "embeddings".equals(text(m.path("type")))
                            ? EnumSet.of(ModelInfo.Capability.EMBEDDING)
                            : EnumSet.of(ModelInfo.Capability.COMPLETION);
                    long created = m.path("created").asLong(0);
                    models.add(new ModelInfo(id, null, family, null, quantization, context, 0,
                            created > 0 ? Instant.ofEpochSecond(created) : null, null, capabilities, null, facts,
                            Map.of(), origin));
                }
            }
            case OLLAMA_TAGS -> {
                for (JsonNode m : listing.path("models")) {
                    String name = text(m.path("name"));
                    if (name == null) {
                        name = text(m.path("model"));
                    }
                    if (name == null) {
                        continue;
                    }
                    JsonNode d = m.path("details");
                    Instant modified = null;
                    try {
                        modified = m.hasNonNull("modified_at") ? Instant.parse(m.get("modified_at").asText()) : null;
                    } catch (java.time.format.DateTimeParseException ignored) {
                        // Ollama writes RFC 3339 with an offset; leave it out rather than fail the listing
                    }
                    models.add(new ModelInfo(name, text(d.path("format")), text(d.path("family")),
                            text(d.path("parameter_size")), text(d.path("quantization_level")), 0,
                            m.path("size").asLong(0), modified, text(m.path("digest")),
                            EnumSet.of(ModelInfo.Capability.COMPLETION), null, Map.of(), Map.of(), origin));
                }
            }
            case KOBOLD_MODEL -> {
                String result = text(listing.path("result"));
                if (result != null && !result.isEmpty()) {
                    String name = result.contains("/") ? result.substring(result.indexOf('/') + 1) : result;
                    models.add(ModelInfo.named(name, origin));
                }
            }
        }
        return models;
    }

    /**
     * The listed models with what Ollama's {@code /api/ps} says of them: {@code state} loaded or not-loaded among their
     * facts, and the context length a loaded one runs with.
     */
    static List<ModelInfo> loaded(List<ModelInfo> listed, JsonNode ps) {
        Map<String, JsonNode> running = new LinkedHashMap<>();
        for (JsonNode m : ps.path("models")) {
            String name = text(m.path("name"));
            running.put(name != null ? name : text(m.path("model")), m);
        }
        var models = new ArrayList<ModelInfo>(listed.size());
        for (ModelInfo m : listed) {
            JsonNode loaded = running.get(m.name());
            Map<String, Object> facts = new LinkedHashMap<>(m.metadata());
            facts.put("state", loaded != null ? "loaded" : "not-loaded");
            long context = loaded != null && loaded.path("context_length").asLong(0) > 0
                    ? loaded.path("context_length").asLong() : m.contextLength();
            models.add(copy(m, context, facts));
        }
        return models;
    }

    /** The listed models with the context length the server says it runs with. */
    static List<ModelInfo> withContextLength(List<ModelInfo> listed, long contextLength) {
        return listed.stream().map(m -> copy(m, contextLength, m.metadata())).toList();
    }

    private static ModelInfo copy(ModelInfo m, long contextLength, Map<String, Object> metadata) {
        return new ModelInfo(m.name(), m.format(), m.family(), m.parameterSize(), m.quantization(), contextLength,
                m.sizeBytes(), m.modified(), m.digest(), m.capabilities(), m.template(), metadata, m.settings(),
                m.origin());
    }

    private static long first(JsonNode m, String... fields) {
        for (String field : fields) {
            if (m.path(field).canConvertToLong() && m.path(field).asLong() > 0) {
                return m.path(field).asLong();
            }
        }
        return 0;
    }

    private static void put(Map<String, Object> facts, String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            facts.put(key, value.asText());
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
