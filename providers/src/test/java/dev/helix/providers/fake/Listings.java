package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.time.Instant;

/** Model listings as each server writes them; sources as in each kind's profile. */
final class Listings {
    private Listings() {
    }

    /** The name a server lists the model under: Ollama's carry a tag, KoboldCpp's and TabbyAPI's an owner. */
    static String modelId(ServerKind kind, Script script) {
        String model = script.model();
        return switch (kind) {
            case OLLAMA, HELIX -> model.contains(":") ? model : model + ":latest";
            case KOBOLDCPP -> "koboldcpp/" + model;
            default -> model;
        };
    }

    /** {@code GET /v1/models}. */
    static ObjectNode openAiModels(ServerKind kind, Script script) {
        ArrayNode data = Json.array();
        if (kind == ServerKind.MISTRALRS) {
            // handlers.rs: "default" first, without a status
            data.add(Json.object().put("id", "default").put("object", "model").put("created", now())
                    .put("owned_by", "local"));
        }
        data.add(entry(kind, script));
        return (ObjectNode) Json.object().put("object", "list").set("data", data);
    }

    private static ObjectNode entry(ServerKind kind, Script script) {
        String id = modelId(kind, script);
        ObjectNode entry = Json.object().put("id", id).put("object", "model");
        switch (kind) {
            case LOCALAI -> {
                return entry; // list.go: {id, object}
            }
            case MLX -> {
                return entry.put("created", now()); // server.py: {id, object, created}
            }
            case TEXT_GENERATION_WEBUI, GPT4ALL -> entry.put("created", 0);
            case KOBOLDCPP, JAN -> entry.put("created", 1);
            default -> entry.put("created", now());
        }
        ServerProfiles.of(kind).ownedBy().stream().findFirst().ifPresent(o -> entry.put("owned_by", o));
        switch (kind) {
            case VLLM -> entry.put("root", id).putNull("parent").put("max_model_len", script.contextLength())
                    .set("permission", Json.array().add(permission()));
            case FASTCHAT -> entry.put("root", id).putNull("parent").set("permission", Json.array().add(permission()));
            case GPT4ALL -> entry.put("root", id).putNull("parent").set("permissions", Json.array().add(permission()));
            case KOBOLDCPP -> entry.put("root", "koboldcpp").set("permission", Json.array());
            case TABBYAPI -> entry.set("parameters", Json.object().put("max_seq_len", script.contextLength())
                    .put("rope_scale", 1.0).put("rope_alpha", 1.0).put("cache_mode", "FP16"));
            case MISTRALRS -> entry.put("status", "loaded");
            // ../shared/reference/wire/llama-server-b4980/v1-models.body
            case LLAMA_SERVER -> entry.set("meta", Json.object().put("vocab_type", 1).put("n_vocab", 512)
                    .put("n_ctx_train", script.contextLength()).put("n_embd", 64).put("n_params", 292800)
                    .put("size", 1171200));
            case OLLAMA -> entry.put("context_length", script.contextLength());
            default -> { }
        }
        return entry;
    }

    /** LM Studio's {@code GET /api/v0/models}. */
    static ObjectNode lmStudioModels(Script script) {
        ObjectNode model = Json.object().put("id", script.model()).put("object", "model").put("type", "llm")
                .put("publisher", "lmstudio-community").put("arch", "llama").put("compatibility_type", "gguf")
                .put("quantization", "Q4_K_M").put("state", "loaded").put("max_context_length", script.contextLength());
        return (ObjectNode) Json.object().put("object", "list").set("data", Json.array().add(model));
    }

    /** Ollama's {@code GET /api/tags}. */
    static ObjectNode ollamaTags(Script script) {
        ObjectNode model = ollamaModel(script).put("modified_at", Instant.now().toString());
        return (ObjectNode) Json.object().set("models", Json.array().add(model));
    }

    /** Ollama's {@code GET /api/ps}: the model is loaded. */
    static ObjectNode ollamaPs(Script script) {
        ObjectNode model = ollamaModel(script).put("expires_at", Instant.now().plusSeconds(300).toString())
                .put("size_vram", 0).put("context_length", script.contextLength());
        return (ObjectNode) Json.object().set("models", Json.array().add(model));
    }

    private static ObjectNode ollamaModel(Script script) {
        String name = modelId(ServerKind.OLLAMA, script);
        ObjectNode details = Json.object().put("parent_model", "").put("format", "gguf").put("family", "llama")
                .put("parameter_size", "1B").put("quantization_level", "Q4_K_M");
        details.set("families", Json.array().add("llama"));
        ObjectNode model = Json.object().put("name", name).put("model", name).put("size", 1_000_000L)
                .put("digest", "0".repeat(64));
        model.set("details", details);
        return model;
    }

    private static ObjectNode permission() {
        return Json.object().put("id", "modelperm-fake").put("object", "model_permission").put("created", now())
                .put("allow_create_engine", false).put("allow_sampling", true).put("allow_logprobs", true)
                .put("allow_search_indices", false).put("allow_view", true).put("allow_fine_tuning", false)
                .put("organization", "*").putNull("group").put("is_blocking", false);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
