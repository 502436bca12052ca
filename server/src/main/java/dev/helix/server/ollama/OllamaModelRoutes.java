package dev.helix.server.ollama;

import dev.helix.protocol.ollama.ModelDetails;
import dev.helix.protocol.ollama.PsResponse;
import dev.helix.protocol.ollama.ShowRequest;
import dev.helix.protocol.ollama.ShowResponse;
import dev.helix.protocol.ollama.TagsResponse;
import dev.helix.protocol.ollama.VersionResponse;
import dev.helix.router.LoadedModel;
import dev.helix.router.ModelEntry;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.server.ModelAccess;
import dev.helix.server.ModelDescriptions;
import dev.helix.server.NotSupportedException;
import dev.helix.server.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Ollama-compatible model endpoints: liveness, version, tags, show and ps. None of them loads a model. */
public final class OllamaModelRoutes {
    /** The Ollama API level these endpoints follow; clients compare it to enable features. */
    static final String OLLAMA_API_VERSION = "0.12.0";

    private final ModelAccess models;
    private final ModelDescriptions descriptions;
    private final RequestBodies json;
    private final String helixVersion;

    public OllamaModelRoutes(ModelAccess models, ModelDescriptions descriptions, RequestBodies json,
                             String helixVersion) {
        this.models = models;
        this.descriptions = descriptions;
        this.json = json;
        this.helixVersion = helixVersion;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.contentType("text/plain; charset=utf-8").result("Ollama is running"));
        routes.head("/", ctx -> ctx.contentType("text/plain; charset=utf-8").status(200));
        routes.get("/api/version", this::version);
        routes.head("/api/version", ctx -> ctx.status(200));
        routes.get("/api/tags", this::tags);
        routes.head("/api/tags", ctx -> ctx.status(200));
        routes.post("/api/show", this::show);
        routes.get("/api/ps", this::ps);
        routes.post("/api/copy", this::copy);
        routes.delete("/api/delete", this::delete);
        for (String path : List.of("/api/pull", "/api/push", "/api/create")) {
            routes.post(path, this::notYet);
        }
        routes.head("/api/blobs/{digest}", this::notYet);
        routes.post("/api/blobs/{digest}", this::notYet);
    }

    /** {@code {source, destination}}: a new name for a model, in memory (gone after a restart). */
    record CopyRequest(String source, String destination) {}

    record DeleteRequest(String model, String name) {}

    private void copy(Context ctx) {
        var body = json.read(ctx, CopyRequest.class);
        if (body.source() == null || body.source().isBlank()) {
            throw new InvalidRequestException("source is required", "source");
        }
        if (body.destination() == null || body.destination().isBlank()) {
            throw new InvalidRequestException("destination is required", "destination");
        }
        try {
            models.router().catalog().addAlias(body.destination(), body.source());
        } catch (java.util.NoSuchElementException e) {
            throw new ModelNotFoundException(body.source());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("destination: " + e.getMessage(), "destination");
        }
        ctx.status(200);
    }

    /**
     * Removes a name {@code /api/copy} made. Models from models.yaml or the models folder are refused: Helix never
     * deletes a user's model files through the API; remove the file or the entry instead.
     */
    private void delete(Context ctx) {
        var body = json.read(ctx, DeleteRequest.class);
        String name = body.model() != null && !body.model().isBlank() ? body.model() : body.name();
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("model is required", "model");
        }
        if (models.router().catalog().removeAlias(name)) {
            ctx.status(200);
            return;
        }
        ModelEntry entry = models.router().find(name).orElseThrow(() -> new ModelNotFoundException(name));
        throw new InvalidRequestException("model \"" + name + "\" is " + entry.path() + "; Helix does not delete model "
                + "files: remove the file (or its models.yaml entry) yourself. Only names made with /api/copy can be "
                + "deleted here", "model");
    }

    private void notYet(Context ctx) {
        throw new NotSupportedException(ctx.path().replace("/api/", "").replaceAll("/.*", "")
                + " is not supported by Helix yet: put GGUF files in the models folder (or list them in models.yaml) "
                + "and they are served under their file names");
    }

    private void version(Context ctx) {
        // Exactly Ollama's shape: some clients map it to a class that rejects unknown fields.
        ctx.header("X-Helix-Version", helixVersion);
        ctx.json(new VersionResponse(OLLAMA_API_VERSION));
    }

    private void tags(Context ctx) {
        List<TagsResponse.Tag> tags = new ArrayList<>();
        for (ModelEntry entry : models.router().available()) {
            var d = descriptions.describe(entry);
            tags.add(new TagsResponse.Tag(tagged(entry.id()), tagged(entry.id()), d.modified().toString(), d.size(),
                    d.digest(), details(d)));
        }
        models.router().catalog().runtimeAliases().forEach((alias, target) ->
                models.router().find(target).ifPresent(entry -> {
                    var d = descriptions.describe(entry);
                    tags.add(new TagsResponse.Tag(tagged(alias), tagged(alias), d.modified().toString(), d.size(),
                            d.digest(), details(d)));
                }));
        ctx.json(new TagsResponse(tags));
    }

    private void show(Context ctx) {
        var body = json.read(ctx, ShowRequest.class);
        String name = body.model() != null && !body.model().isBlank() ? body.model() : body.name();
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("model is required", "model");
        }
        ModelEntry entry = models.router().find(name).orElseThrow(() -> new ModelNotFoundException(name));
        var d = descriptions.describe(entry);
        if (d.metadata().isEmpty()) {
            throw new dev.helix.provider.ModelLoadException("cannot read " + entry.path() + ": " + d.error(), null);
        }
        GgufMetadata m = d.metadata().get();
        ctx.json(new ShowResponse(modelfile(entry, m), parameters(entry, m), m.chatTemplate(), details(d),
                modelInfo(m), capabilities(entry, m), d.modified().toString()));
    }

    private void ps(Context ctx) {
        List<PsResponse.Running> running = new ArrayList<>();
        for (LoadedModel loaded : models.router().loaded()) {
            var d = descriptions.describe(loaded.entry());
            long context = d.metadata().map(m -> (long) loaded.entry().options().effectiveContextSize(m.contextLength()))
                    .orElse(0L);
            Instant expires = loaded.expiresAt() != null ? loaded.expiresAt() : FOREVER;
            running.add(new PsResponse.Running(tagged(loaded.entry().id()), tagged(loaded.entry().id()), d.size(),
                    d.digest(), details(d), expires.toString(), 0, context));
        }
        ctx.json(new PsResponse(running));
    }

    /** Ollama shows models kept forever (or in use) with an expiry far in the future. */
    private static final Instant FOREVER = Instant.parse("2318-01-01T00:00:00Z");

    private static ModelDetails details(ModelDescriptions.Description d) {
        return d.metadata().map(m -> new ModelDetails("", "gguf", m.architecture(), List.of(m.architecture()),
                        m.parameterSize(), m.quantization()))
                .orElse(new ModelDetails("", "gguf", "unknown", List.of(), "unknown", "unknown"));
    }

    private static Map<String, Object> modelInfo(GgufMetadata m) {
        Map<String, Object> info = new LinkedHashMap<>();
        m.metadata().forEach((key, value) -> {
            if (!(value instanceof GgufMetadata.ArrayValue)) {
                info.put(key, value);
            } else {
                info.put(key, null);
            }
        });
        info.put("general.architecture", m.architecture());
        info.put("general.parameter_count", m.parameterCount());
        return info;
    }

    private static String parameters(ModelEntry entry, GgufMetadata m) {
        var options = entry.options();
        var lines = new StringBuilder("num_ctx " + options.effectiveContextSize(m.contextLength()) + "\n"
                + "num_batch " + options.batchSize() + "\n"
                + "num_gpu " + options.gpuLayers() + "\n"
                + "num_thread " + options.threads());
        String template = m.chatTemplate() == null ? "" : m.chatTemplate();
        for (String stop : STOP_MARKERS) {
            if (template.contains(stop)) {
                lines.append("\nstop \"").append(stop).append('"');
            }
        }
        return lines.toString();
    }

    /** End-of-turn markers of common templates; shown as Ollama shows a model's stop parameters. */
    private static final List<String> STOP_MARKERS = List.of("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>",
            "</s>");

    private static String modelfile(ModelEntry entry, GgufMetadata m) {
        return "# Modelfile generated by Helix\nFROM " + entry.path() + "\n"
                + (m.chatTemplate() == null ? "" : "TEMPLATE \"\"\"" + m.chatTemplate() + "\"\"\"\n");
    }

    /**
     * What the model can do through Helix: every model completes and calls tools (templates without tool support get
     * a tool prompt, and required calls are forced by grammar); "insert" when its header names fill-in-the-middle
     * tokens; "thinking" when its template marks reasoning; "embedding" when loaded with embeddings. Never "vision".
     */
    private static List<String> capabilities(ModelEntry entry, GgufMetadata m) {
        List<String> capabilities = new ArrayList<>(List.of("completion", "tools"));
        if (m.supportsFillInMiddle()) {
            capabilities.add("insert");
        }
        if (m.chatTemplate() != null && m.chatTemplate().contains("<think>")) {
            capabilities.add("thinking");
        }
        if (entry.options().embeddings()) {
            capabilities.add("embedding");
        }
        return capabilities;
    }

    /** Ollama names carry a tag; Helix models have one version each, shown as {@code :latest}. */
    static String tagged(String id) {
        return id.contains(":") ? id : id + ":latest";
    }
}
