package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.ServerKind;
import java.io.IOException;

/**
 * The endpoints each kind of server answers besides generation: its health and fingerprint endpoints (those it
 * imitates included) and its model listings, word for word where its source says.
 */
final class IdentityRoutes {
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";

    private IdentityRoutes() {
    }

    static void register(ServerKind kind, Routes routes) {
        switch (kind) {
            case OLLAMA -> ollama(routes);
            case HELIX -> {
                ollama(routes);
                // OllamaModelRoutes.version: Ollama's shape, Helix's own version in a header
                routes.get("/api/version", c -> {
                    c.header("X-Helix-Version", c.persona().version());
                    c.json(200, Json.object().put("version", "0.12.0"));
                });
                routes.get("/health", c -> c.json(200, Json.object().put("status", "ok")));
            }
            case VLLM -> routes.get("/health", c -> c.text(200, TEXT, ""))
                    .get("/ping", c -> c.text(200, TEXT, ""))
                    .get("/version", c -> c.json(200, Json.object().put("version", c.persona().version())))
                    .get("/docs", c -> c.text(200, HTML, "<html><title>vLLM API - Swagger UI</title></html>"));
            case LOCALAI -> {
                ollama(routes); // routes/ollama.go (GET / behind a flag, on here)
                routes.get("/readyz", c -> c.text(200, TEXT, "OK")).get("/healthz", c -> c.text(200, TEXT, "OK"))
                        .get("/version", c -> c.json(200, Json.object().put("version", c.persona().version())));
            }
            case TEXT_GENERATION_WEBUI -> routes
                    .get("/v1/internal/model/info", c -> c.json(200, (ObjectNode) Json.object()
                            .put("model_name", c.script().model()).set("lora_names", Json.array())))
                    .get("/v1/internal/health", c -> c.json(200, Json.object().put("status", "ok")));
            case LM_STUDIO -> routes.get("/api/v0/models", c -> c.json(200, Listings.lmStudioModels(c.script())));
            case JAN -> routes
                    .get("/", c -> c.text(200, "text/html", "<!DOCTYPE html><html><head><title>API Docs</title>"
                            + "<link rel=\"stylesheet\" href=\"/docs/swagger-ui.css\"></head><body>"
                            + "<div id=\"swagger-ui\"></div><script>SwaggerUIBundle({url: '/openapi.json',"
                            + " dom_id: '#swagger-ui'});</script></body></html>"))
                    .get("/openapi.json", c -> c.json(200, (ObjectNode) Json.object().put("openapi", "3.0.0")
                            .set("info", Json.object().put("title", "Jan API").put("version", "0.6"))));
            case KOBOLDCPP -> kobold(routes, "KoboldCpp");
            case TABBYAPI -> {
                // endpoints/core/router.py and endpoints/Kobold/router.py (which impersonates KoboldCpp)
                routes.get("/health", c -> c.json(200, (ObjectNode) Json.object().put("status", "healthy")
                        .set("issues", Json.array())));
                routes.get("/v1/model", c -> c.json(200, Listings.openAiModels(c.kind(), c.script()).path("data")
                        .get(0).deepCopy()));
                routes.get("/api/v1/model", c -> c.json(200, Json.object().put("result", "tabbyAPI/" + c.script().model())));
                routes.get("/api/extra/version", c -> c.json(200, Json.object().put("result", "KoboldCpp")
                        .put("version", "1.61")));
                routes.get("/api/v1/info/version", c -> c.json(200, Json.object().put("result", "1.2.5")));
            }
            case MLX -> routes.get("/health", c -> c.json(200, Json.object().put("status", "ok")));
            case MISTRALRS -> routes.get("/health", c -> c.text(200, TEXT, "OK"))
                    .get("/docs", c -> c.text(200, HTML, "<html><title>Swagger UI</title></html>"));
            case LLAMA_SERVER -> routes.get("/health", c -> c.json(200, Json.object().put("status", "ok")))
                    .get("/props", c -> c.json(200, llamaProps(c)));
            case FASTCHAT, GPT4ALL, OPENAI_COMPATIBLE -> { }
        }
    }

    private static void ollama(Routes routes) {
        routes.get("/", c -> c.text(200, TEXT, "Ollama is running"))
                .get("/api/version", c -> c.json(200, Json.object().put("version", c.persona().version())))
                .get("/api/tags", c -> c.json(200, Listings.ollamaTags(c.script())))
                .get("/api/ps", c -> c.json(200, Listings.ollamaPs(c.script())));
    }

    /** koboldcpp.py do_GET; KoboldCpp also answers llama-server's /props and Ollama's /api/tags. */
    private static void kobold(Routes routes, String result) {
        routes.get("/", c -> c.text(200, "text/html", "<html><title>KoboldAI Lite</title></html>"))
                .get("/api/extra/version", c -> c.json(200, Json.object().put("result", result)
                        .put("version", c.persona().version()).put("protected", c.keyed())))
                .get("/api/v1/model", c -> c.json(200, Json.object().put("result", "koboldcpp/" + c.script().model())))
                .get("/api/v1/info/version", c -> c.json(200, Json.object().put("result", "1.2.5")))
                .get("/api/extra/true_max_context_length", c -> c.json(200, Json.object()
                        .put("value", c.script().contextLength())))
                .get("/api/v1/config/max_context_length", c -> c.json(200, Json.object()
                        .put("value", c.script().contextLength())))
                .get("/props", c -> c.json(200, (ObjectNode) Json.object().put("total_slots", 1)
                        .put("chat_template", "").set("default_generation_settings", Json.object()
                                .put("n_ctx", c.script().contextLength()))))
                .get("/api/tags", c -> c.json(200, Listings.ollamaTags(c.script())));
    }

    /** The fields of ../shared/reference/wire/llama-server-b4980/props.body that clients read. */
    private static ObjectNode llamaProps(Call call) throws IOException {
        ObjectNode settings = Json.object().put("id", 0).put("id_task", -1).put("n_ctx", call.script().contextLength())
                .put("speculative", false).put("is_processing", false).put("non_causal", false);
        settings.set("params", Json.object().put("n_predict", -1).put("temperature", 0.8).put("top_k", 40)
                .put("top_p", 0.95).put("min_p", 0.05).put("stream", true));
        settings.put("prompt", "");
        settings.set("next_token", Json.object().put("has_next_token", true).put("has_new_line", false)
                .put("n_remain", -1).put("n_decoded", 0).put("stopping_word", ""));
        ObjectNode props = Json.object();
        props.set("default_generation_settings", settings);
        return props.put("total_slots", 1).put("model_path", call.script().model())
                .put("chat_template", "{%- for message in messages -%}{{- message.content -}}{%- endfor -%}")
                .put("bos_token", "<s>").put("eos_token", "</s>").put("build_info", "b1-a97dd0e");
    }
}
