package dev.helix.providers.upstream;

import static dev.helix.providers.upstream.Answer.ok;

import dev.helix.providers.upstream.Answer.Contains;
import dev.helix.providers.upstream.Answer.Entries;
import dev.helix.providers.upstream.Answer.Exists;
import dev.helix.providers.upstream.Answer.Header;
import dev.helix.providers.upstream.Answer.JsonPresent;
import dev.helix.providers.upstream.Answer.JsonText;
import dev.helix.providers.upstream.Answer.Quantity;
import dev.helix.providers.upstream.Answer.SomeEntry;
import dev.helix.providers.upstream.Answer.Status;
import dev.helix.providers.upstream.Answer.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The profiles of all {@link ServerKind}s: ports, paths, probes, auth, error bodies, stream framing, fingerprints.
 * Facts come from each project's own source or documentation, named in each profile's {@link ServerProfile#source()},
 * and from ../shared/reference/providers.md.
 */
public final class ServerProfiles {
    private static final String MODELS = "/v1/models";

    /**
     * The order in which fingerprints are tried; the first kind whose fingerprint matches is the answer (kinds without a
     * fingerprint, {@link ServerKind#OPENAI_COMPATIBLE}, are not in it: discovery never reports them). A server
     * that imitates another's endpoints comes before the one it imitates: Helix answers Ollama's {@code GET /};
     * TabbyAPI answers KoboldCpp's {@code /api/extra/version}; KoboldCpp answers llama-server's {@code /props} and
     * Ollama's API; LocalAI can answer Ollama's {@code GET /}. MLX, whose fingerprint is the weakest (a model list
     * without {@code owned_by}, a {@code {"status":"ok"}} health), comes last.
     */
    private static final List<ServerKind> FINGERPRINT_ORDER = List.of(ServerKind.HELIX, ServerKind.TABBYAPI,
            ServerKind.KOBOLDCPP, ServerKind.LOCALAI, ServerKind.OLLAMA, ServerKind.VLLM, ServerKind.LLAMA_SERVER,
            ServerKind.TEXT_GENERATION_WEBUI, ServerKind.LM_STUDIO, ServerKind.MISTRALRS, ServerKind.FASTCHAT,
            ServerKind.GPT4ALL, ServerKind.JAN, ServerKind.MLX);

    private static final Map<ServerKind, ServerProfile> TABLE = table();

    private ServerProfiles() {
    }

    public static ServerProfile of(ServerKind kind) {
        return TABLE.get(kind);
    }

    /** All profiles, in {@link ServerKind} order. */
    public static List<ServerProfile> all() {
        return List.copyOf(TABLE.values());
    }

    /** The kinds discovery can report, in the order their fingerprints are tried. */
    public static List<ServerKind> fingerprintOrder() {
        return FINGERPRINT_ORDER;
    }

    /** Every kind's default ports, ascending. */
    public static SortedSet<Integer> defaultPorts() {
        var ports = new TreeSet<Integer>();
        TABLE.values().forEach(p -> ports.addAll(p.defaultPorts()));
        return ports;
    }

    private static Map<ServerKind, ServerProfile> table() {
        var rows = List.of(ollama(), vllm(), localAi(), fastChat(), textGenerationWebui(), lmStudio(), jan(),
                koboldCpp(), gpt4All(), tabbyApi(), mlx(), mistralRs(), llamaServer(), helix(), openAiCompatible());
        var table = new EnumMap<ServerKind, ServerProfile>(ServerKind.class);
        rows.forEach(row -> table.put(row.kind(), row));
        if (table.size() != ServerKind.values().length) {
            throw new IllegalStateException("a profile per kind: " + table.keySet());
        }
        return table;
    }

    private static ServerProfile ollama() {
        return new Row(ServerKind.OLLAMA, "Ollama", 11434)
                .dialects(Dialect.OLLAMA, Dialect.OPENAI)
                .health(get("/", ok(new Text("Ollama is running"))))
                .models("/api/tags", ListingFormat.OLLAMA_TAGS)
                .errors(Map.of(Dialect.OLLAMA, ErrorShape.ERROR_STRING, Dialect.OPENAI, ErrorShape.OPENAI_OBJECT))
                .reasoning(ReasoningField.REASONING)
                .unsupported("tool_choice", "logit_bias", "n")
                .ownedBy("library")
                .fingerprint(get("/", ok(new Text("Ollama is running"))))
                .source("ollama server/routes.go (GET / \"Ollama is running\"), openai/openai.go (owned_by: the"
                        + " name's namespace, \"library\"; /v1 errors as OpenAI objects); shared/reference/api.md");
    }

    private static ServerProfile vllm() {
        return new Row(ServerKind.VLLM, "vLLM", 8000)
                .health(get("/health", new Status(200)))
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of("/health", "/ping", "/load", "/version",
                        "/metrics", "/docs", "/redoc", "/openapi.json"), ErrorShape.ERROR_STRING))
                .reasoning(ReasoningField.REASONING_CONTENT)
                .ownedBy("vllm")
                .fingerprint(get("/version", ok(new JsonPresent("/version"))), get("/health", new Status(200)))
                .source("vllm entrypoints/openai/api_server.py (GET /version {\"version\"}, GET /health 200 empty),"
                        + " serve/utils/server_utils.py AuthenticationMiddleware (PUBLIC_ENDPOINTS; 401"
                        + " {\"error\":\"Unauthorized\"}), protocol.py ModelCard (owned_by vllm, max_model_len)");
    }

    private static ServerProfile localAi() {
        return new Row(ServerKind.LOCALAI, "LocalAI", 8080)
                .health(get("/readyz", new Status(200)))
                .auth(new Auth(List.of(AuthHeader.BEARER, AuthHeader.X_API_KEY), false, Set.of("/readyz", "/healthz"),
                        ErrorShape.OPENAI_OBJECT))
                .imitates(ServerKind.OLLAMA, ServerKind.VLLM)
                .fingerprint(get("/readyz", new Status(200)), get("/version", ok(new JsonPresent("/version"))),
                        get(MODELS, ok(new JsonText("/object", "list"))))
                .fingerprint(get("/readyz", new Status(200)), get(MODELS, new Answer.AllOf(List.of(new Status(401),
                        new JsonPresent("/error")))))
                .source("LocalAI core/http/routes/health.go (/readyz, /healthz), routes/localai.go (GET /version"
                        + " {\"version\"}, as vLLM's), endpoints/openai/list.go (entries {id, object} only),"
                        + " routes/ollama.go (Ollama's API, GET / behind a flag)");
    }

    private static ServerProfile fastChat() {
        return new Row(ServerKind.FASTCHAT, "FastChat", 8000)
                .health(get(MODELS, new Status(200)))
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of(), ErrorShape.DETAIL))
                .errors(Map.of(Dialect.OPENAI, ErrorShape.FASTCHAT_FLAT))
                .streaming(StreamShape.FASTCHAT)
                .unsupported("tools", "tool_choice", "response_format", "logit_bias")
                .ownedBy("fastchat")
                .fingerprint(get(MODELS, ok(new SomeEntry("/data", "owned_by", "fastchat"))))
                .fingerprint(get(MODELS, new Answer.AllOf(List.of(new Status(401),
                        new JsonText("/detail/error/code", "invalid_api_key")))))
                .source("FastChat fastchat/serve/openai_api_server.py (check_api_key: 401 {\"detail\":{\"error\":"
                        + "{\"code\":\"invalid_api_key\"}}}; create_error_response: 400), protocol/openai_api_protocol.py"
                        + " (ErrorResponse, ModelCard owned_by fastchat)");
    }

    private static ServerProfile textGenerationWebui() {
        Probe info = get("/v1/internal/model/info", ok(new JsonPresent("/model_name")));
        return new Row(ServerKind.TEXT_GENERATION_WEBUI, "text-generation-webui", 5000)
                .health(info)
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of(), ErrorShape.DETAIL))
                .ownedBy("user")
                .fingerprint(info)
                .fingerprint(get("/v1/internal/model/info", new Answer.AllOf(List.of(new Status(401),
                        new JsonText("/detail", "Unauthorized")))))
                .source("text-generation-webui extensions/openai/script.py (verify_api_key: 401 {\"detail\":"
                        + "\"Unauthorized\"}; OpenAIError as OpenAI objects), models.py (model_name, owned_by user)");
    }

    private static ServerProfile lmStudio() {
        return new Row(ServerKind.LM_STUDIO, "LM Studio", 1234)
                .health(get(MODELS, new Status(200)))
                .models("/api/v0/models", ListingFormat.LM_STUDIO_V0)
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of(), ErrorShape.OPENAI_OBJECT))
                .reasoning(ReasoningField.REASONING_CONTENT)
                .ownedBy("organization_owner")
                .fingerprint(get("/api/v0/models", ok(new JsonText("/object", "list"),
                        new Entries(Quantity.EVERY, "/data", "state"))))
                .source("lmstudio.ai/docs REST API v0 (/api/v0/models: type, arch, quantization, state"
                        + " loaded/not-loaded, max_context_length); shared/reference/providers.md");
    }

    private static ServerProfile jan() {
        return new Row(ServerKind.JAN, "Jan", 1337)
                .health(get(MODELS, new Status(200)))
                .auth(new Auth(List.of(AuthHeader.BEARER), true, Set.of("/", "/openapi.json"), ErrorShape.PLAIN_TEXT))
                .streaming(StreamShape.LLAMA_SERVER)
                .reasoning(ReasoningField.REASONING_CONTENT)
                .ownedBy("user")
                .fingerprint(get(MODELS, new Answer.AllOf(List.of(new Status(401),
                        new Text("Missing authorization header")))))
                .fingerprint(get("/", ok(new Contains("swagger-ui"))), get("/openapi.json", ok(new JsonPresent("/openapi"))),
                        get(MODELS, ok(new SomeEntry("/data", "owned_by", "user"))))
                .source("jan src-tauri/src/core/server/proxy.rs (Bearer key; 401 \"Missing authorization header\";"
                        + " / and /openapi.json open; /v1/models owned_by user; llama-server streams passed through)");
    }

    private static ServerProfile koboldCpp() {
        return new Row(ServerKind.KOBOLDCPP, "KoboldCpp / KoboldAI", 5001, 5000)
                .dialects(Dialect.KOBOLD_NATIVE, Dialect.OPENAI)
                .health(get("/api/v1/model", ok(new JsonPresent("/result"))))
                .models("/api/v1/model", ListingFormat.KOBOLD_MODEL)
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of("/api/extra/version", "/api/v1/model",
                        "/api/v1/info/version", "/api/extra/true_max_context_length", MODELS), ErrorShape.DETAIL))
                .errors(Map.of(Dialect.KOBOLD_NATIVE, ErrorShape.DETAIL, Dialect.OPENAI, ErrorShape.DETAIL))
                .streaming(StreamShape.KOBOLDCPP)
                .reasoning(ReasoningField.REASONING_CONTENT)
                .ownedBy("koboldcpp")
                .imitates(ServerKind.LLAMA_SERVER, ServerKind.OLLAMA)
                .fingerprint(get("/api/extra/version", ok(new JsonText("/result", "KoboldCpp"))))
                .fingerprint(get("/api/v1/info/version", ok(new JsonPresent("/result"))),
                        get("/api/v1/model", ok(new JsonPresent("/result"))))
                .source("koboldcpp.py do_GET (/api/extra/version {\"result\":\"KoboldCpp\"}, /api/v1/model, /v1/models"
                        + " owned_by koboldcpp), send_kai_sse_event, handle_sse_stream; KoboldAI United: native API only");
    }

    private static ServerProfile gpt4All() {
        return new Row(ServerKind.GPT4ALL, "GPT4All", 4891)
                .health(get(MODELS, new Status(200)))
                .streaming(StreamShape.NONE)
                .unsupported("stream", "stream_options", "tools", "tool_choice", "functions", "function_call",
                        "response_format", "logit_bias", "logprobs", "top_logprobs", "seed", "stop",
                        "presence_penalty", "frequency_penalty")
                .ownedBy("humanity")
                .fingerprint(get(MODELS, ok(new SomeEntry("/data", "owned_by", "humanity"))))
                .source("gpt4all gpt4all-chat/src/server.cpp (modelToJson owned_by humanity; InvalidRequestError: 400"
                        + " \"'stream' is not supported\", 'tools', 'stop', ... as OpenAI objects)");
    }

    private static ServerProfile tabbyApi() {
        return new Row(ServerKind.TABBYAPI, "TabbyAPI", 5000)
                .dialects(Dialect.OPENAI, Dialect.KOBOLD_NATIVE)
                .health(get("/health", ok(new JsonText("/status", "healthy"))))
                .auth(new Auth(List.of(AuthHeader.X_API_KEY, AuthHeader.BEARER), true, Set.of("/health",
                        "/api/extra/version", "/api/v1/info/version"), ErrorShape.OPENAI_OBJECT))
                .errors(Map.of(Dialect.OPENAI, ErrorShape.OPENAI_OBJECT, Dialect.KOBOLD_NATIVE, ErrorShape.OPENAI_OBJECT))
                .reasoning(ReasoningField.REASONING_CONTENT)
                .ownedBy("tabbyAPI")
                .imitates(ServerKind.KOBOLDCPP)
                .fingerprint(get("/health", ok(new JsonText("/status", "healthy"))), get("/v1/model", new Exists()))
                .source("tabbyAPI endpoints/core/router.py (/health {\"status\":\"healthy\"}, /v1/model, /v1/models),"
                        + " common/auth.py (x-api-key or Bearer; keys generated on first start), common/openai_error.py,"
                        + " endpoints/Kobold/router.py (answers KoboldCpp's /api/extra/version), OAI/types/model.py");
    }

    private static ServerProfile mlx() {
        return new Row(ServerKind.MLX, "MLX (mlx_lm.server)", 8080)
                .health(get("/health", ok(new JsonText("/status", "ok"))))
                .errors(Map.of(Dialect.OPENAI, ErrorShape.ERROR_STRING))
                .fingerprint(get("/health", ok(new JsonText("/status", "ok"))),
                        get(MODELS, ok(new Entries(Quantity.NONE, "/data", "owned_by"))))
                .source("mlx-lm mlx_lm/server.py (handle_models_request: {id, object, created}; /health;"
                        + " errors {\"error\": ...}); shared/reference/providers.md");
    }

    private static ServerProfile mistralRs() {
        Probe ownedByLocal = get(MODELS, ok(new SomeEntry("/data", "owned_by", "local")));
        return new Row(ServerKind.MISTRALRS, "mistral.rs", 1234, 8080)
                .health(get("/health", ok(new Text("OK"))))
                .reasoning(ReasoningField.REASONING_CONTENT)
                .ownedBy("local")
                .fingerprint(ownedByLocal, get("/docs", new Status(200)))
                .fingerprint(get(MODELS, ok(new SomeEntry("/data", "owned_by", "local"),
                        new Entries(Quantity.SOME, "/data", "status"))))
                .source("mistral.rs mistralrs-server-core/src/handlers.rs (/v1/models: \"default\" plus each model"
                        + " with status loaded/unloaded/reloading, owned_by local; /health \"OK\"), handler_core.rs"
                        + " (OpenAI error objects), openapi_doc.rs (/docs)");
    }

    private static ServerProfile llamaServer() {
        return new Row(ServerKind.LLAMA_SERVER, "llama.cpp llama-server", 8080)
                .health(get("/health", ok(new JsonText("/status", "ok"))))
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of("/health", "/v1/health", "/models", MODELS),
                        ErrorShape.OPENAI_OBJECT))
                .streaming(StreamShape.LLAMA_SERVER)
                .reasoning(ReasoningField.REASONING_CONTENT)
                .unsupported("n")
                .ownedBy("llamacpp")
                .fingerprint(get("/props", ok(new JsonPresent("/default_generation_settings"))))
                .fingerprint(get(MODELS, ok(new SomeEntry("/data", "owned_by", "llamacpp"))))
                .source("shared/reference/wire/llama-server-b4980 (captures: /health, /props, /v1/models, streams,"
                        + " errors); llama.cpp tools/server/README.md");
    }

    private static ServerProfile helix() {
        return new Row(ServerKind.HELIX, "Helix", 11434)
                .dialects(Dialect.OPENAI, Dialect.OLLAMA)
                .health(get("/health", ok(new JsonText("/status", "ok"))))
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of("/", "/health"), ErrorShape.OPENAI_OBJECT))
                .errors(Map.of(Dialect.OPENAI, ErrorShape.OPENAI_OBJECT, Dialect.OLLAMA, ErrorShape.ERROR_STRING))
                .ownedBy("helix")
                .imitates(ServerKind.OLLAMA)
                .fingerprint(get("/api/version", new Header("X-Helix-Version")))
                .fingerprint(get("/", ok(new Text("Ollama is running"))), get("/health", ok(new JsonText("/status", "ok"))))
                .source("Helix server/ (OllamaModelRoutes: X-Helix-Version on /api/version; ApiKeyCheck: / and /health"
                        + " open; OpenAiRoutes: owned_by helix; LlamaCppExtrasRoutes: /health)");
    }

    /**
     * A server Helix has no profile for, configured as {@code type: openai}: only what OpenAI's API itself promises
     * (the listing as its health, Bearer keys, OpenAI error objects and stream framing); no fingerprint, no port.
     */
    private static ServerProfile openAiCompatible() {
        return new Row(ServerKind.OPENAI_COMPATIBLE, "OpenAI-compatible server")
                .health(get(MODELS, new Status(200)))
                .auth(new Auth(List.of(AuthHeader.BEARER), false, Set.of(), ErrorShape.OPENAI_OBJECT))
                .source("the OpenAI API reference (GET /v1/models, POST /v1/chat/completions, Authorization: Bearer,"
                        + " {\"error\":{...}} bodies, SSE ending in [DONE]); shared/reference/api.md");
    }

    private static Probe get(String path, Answer answer) {
        return new Probe(path, answer);
    }

    /** One profile being written down; OpenAI-compatible on /v1 with no key, unless told otherwise. */
    private static final class Row {
        private final ServerKind kind;
        private final String name;
        private final List<Integer> ports;
        private List<Dialect> dialects = List.of(Dialect.OPENAI);
        private Probe health;
        private String modelsPath = MODELS;
        private ListingFormat listing = ListingFormat.OPENAI_MODELS;
        private Auth auth = Auth.NONE;
        private Map<Dialect, ErrorShape> errors = Map.of(Dialect.OPENAI, ErrorShape.OPENAI_OBJECT);
        private StreamShape streaming = StreamShape.OPENAI;
        private ReasoningField reasoning = ReasoningField.NONE;
        private Set<String> unsupported = Set.of();
        private Set<String> ownedBy = Set.of();
        private Set<ServerKind> imitates = Set.of();
        private final List<Fingerprint> fingerprints = new ArrayList<>();

        Row(ServerKind kind, String name, Integer... ports) {
            this.kind = kind;
            this.name = name;
            this.ports = List.of(ports);
        }

        Row dialects(Dialect... dialects) {
            this.dialects = List.of(dialects);
            return this;
        }

        Row health(Probe health) {
            this.health = health;
            return this;
        }

        Row models(String path, ListingFormat listing) {
            this.modelsPath = path;
            this.listing = listing;
            return this;
        }

        Row auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        Row errors(Map<Dialect, ErrorShape> errors) {
            this.errors = errors;
            return this;
        }

        Row streaming(StreamShape streaming) {
            this.streaming = streaming;
            return this;
        }

        Row reasoning(ReasoningField reasoning) {
            this.reasoning = reasoning;
            return this;
        }

        Row unsupported(String... fields) {
            this.unsupported = Set.of(fields);
            return this;
        }

        Row ownedBy(String... values) {
            this.ownedBy = Set.of(values);
            return this;
        }

        Row imitates(ServerKind... kinds) {
            this.imitates = Set.copyOf(Arrays.asList(kinds));
            return this;
        }

        Row fingerprint(Probe... probes) {
            fingerprints.add(Fingerprint.of(probes));
            return this;
        }

        ServerProfile source(String source) {
            return new ServerProfile(kind, name, ports, "/v1", dialects, health, modelsPath, listing, auth, errors,
                    streaming, reasoning, unsupported, ownedBy, imitates, fingerprints, source);
        }
    }
}
