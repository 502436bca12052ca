package dev.helix.providers.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.providers.discovery.DiscoveredModel.LoadState;
import dev.helix.providers.upstream.Reply;
import dev.helix.providers.upstream.ServerProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** Reads a server's model listing the way its profile says it reads. */
final class ModelListing {
    /**
     * Where listings put a model's context window: vLLM {@code max_model_len}; Ollama's /v1 {@code context_length};
     * LM Studio {@code max_context_length}; llama-server {@code meta.n_ctx_train}; TabbyAPI
     * {@code parameters.max_seq_len}.
     */
    private static final List<String> CONTEXT_POINTERS = List.of("/max_model_len", "/context_length",
            "/max_context_length", "/meta/n_ctx_train", "/parameters/max_seq_len");

    /** The models, and whether the listing was refused for want of a key. */
    record Result(List<DiscoveredModel> models, boolean needsKey) {
    }

    private ModelListing() {
    }

    /** Lists through {@code fetch} (a path to its outcome). */
    static Result read(ServerProfile profile, Function<String, Fetched> fetch) {
        if (!(fetch.apply(profile.modelsPath()) instanceof Fetched.Answered(Reply reply))) {
            return new Result(List.of(), false);
        }
        if (reply.status() == 401 || reply.status() == 403) {
            return new Result(List.of(), true);
        }
        if (!reply.ok()) {
            return new Result(List.of(), false);
        }
        List<DiscoveredModel> models = switch (profile.listing()) {
            case OPENAI_MODELS, LM_STUDIO_V0 -> entries(reply.json().path("data"));
            case OLLAMA_TAGS -> ollama(reply.json(), answered(fetch.apply("/api/ps")));
            case KOBOLD_MODEL -> kobold(reply.json(), answered(fetch.apply("/api/extra/true_max_context_length")));
        };
        return new Result(models, false);
    }

    private static List<DiscoveredModel> entries(JsonNode data) {
        var models = new ArrayList<DiscoveredModel>();
        for (JsonNode entry : data) {
            String id = entry.path("id").asText("");
            if (!id.isEmpty()) {
                models.add(new DiscoveredModel(id, text(entry, "owned_by"), context(entry), state(entry)));
            }
        }
        return models;
    }

    /** {@code /api/tags} names what is installed; {@code /api/ps} what is in memory, with its context. */
    private static List<DiscoveredModel> ollama(JsonNode tags, Optional<JsonNode> ps) {
        Map<String, OptionalInt> loaded = new HashMap<>();
        ps.ifPresent(running -> running.path("models")
                .forEach(m -> loaded.put(name(m), positive(m.path("context_length")))));
        var models = new ArrayList<DiscoveredModel>();
        for (JsonNode tag : tags.path("models")) {
            String name = name(tag);
            if (!name.isEmpty()) {
                OptionalInt context = loaded.getOrDefault(name, OptionalInt.empty());
                LoadState state = ps.isEmpty() ? LoadState.UNKNOWN
                        : loaded.containsKey(name) ? LoadState.LOADED : LoadState.NOT_LOADED;
                models.add(new DiscoveredModel(name, Optional.empty(), context, state));
            }
        }
        return models;
    }

    /** KoboldAI has one model, loaded: {@code {"result":"koboldcpp/name"}}; KoboldCpp also says its context. */
    private static List<DiscoveredModel> kobold(JsonNode model, Optional<JsonNode> maxContext) {
        String id = model.path("result").asText("");
        if (id.isEmpty()) {
            return List.of();
        }
        OptionalInt context = maxContext.map(v -> positive(v.path("value"))).orElse(OptionalInt.empty());
        return List.of(new DiscoveredModel(id, Optional.empty(), context, LoadState.LOADED));
    }

    private static Optional<JsonNode> answered(Fetched fetched) {
        return fetched instanceof Fetched.Answered(Reply reply) && reply.ok() && !reply.json().isMissingNode()
                ? Optional.of(reply.json()) : Optional.empty();
    }

    private static String name(JsonNode model) {
        String name = model.path("name").asText("");
        return name.isEmpty() ? model.path("model").asText("") : name;
    }

    private static Optional<String> text(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static OptionalInt context(JsonNode entry) {
        return CONTEXT_POINTERS.stream().map(p -> positive(entry.at(p))).filter(OptionalInt::isPresent).findFirst()
                .orElse(OptionalInt.empty());
    }

    /** mistral.rs {@code status}: loaded, unloaded, reloading; LM Studio {@code state}: loaded, not-loaded. */
    private static LoadState state(JsonNode entry) {
        String state = entry.path("status").asText(entry.path("state").asText(""));
        return switch (state) {
            case "loaded" -> LoadState.LOADED;
            case "unloaded", "not-loaded" -> LoadState.NOT_LOADED;
            case "reloading", "loading" -> LoadState.LOADING;
            default -> LoadState.UNKNOWN;
        };
    }

    private static OptionalInt positive(JsonNode value) {
        return value.canConvertToInt() && value.isNumber() && value.asInt() > 0 ? OptionalInt.of(value.asInt())
                : OptionalInt.empty();
    }
}
