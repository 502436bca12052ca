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
import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.server.ModelAccess;
import dev.helix.server.NotSupportedException;
import dev.helix.server.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The Ollama-compatible model endpoints: liveness, version, tags, show and ps. None of them loads a model. */
public final class OllamaModelRoutes {
    /** The Ollama API level these endpoints follow; clients compare it to enable features. */
    static final String OLLAMA_API_VERSION = "0.12.0";

    private final ModelAccess models;
    private final RequestBodies json;
    private final String helixVersion;

    public OllamaModelRoutes(ModelAccess models, RequestBodies json, String helixVersion) {
        this.models = models;
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
        routes.post("/api/push", this::notYet);
        routes.head("/api/blobs/{digest}", this::notYet);
        routes.post("/api/blobs/{digest}", this::notYet);
    }

    private void notYet(Context ctx) {
        throw new NotSupportedException(ctx.path().replace("/api/", "").replaceAll("/.*", "")
                + " is not supported by Helix yet: use /api/pull (hf.co/ORG/REPO:QUANT or a URL), /api/create, or put "
                + "GGUF files in the models folder (or list them in models.yaml)");
    }

    private void version(Context ctx) {
        // Exactly Ollama's shape: some clients map it to a class that rejects unknown fields.
        ctx.header("X-Helix-Version", helixVersion);
        ctx.json(new VersionResponse(OLLAMA_API_VERSION));
    }

    private void tags(Context ctx) {
        List<TagsResponse.Tag> tags = new ArrayList<>();
        for (ModelInfo info : models.router().models()) {
            tags.add(new TagsResponse.Tag(tagged(info.name()), tagged(info.name()), modified(info), info.sizeBytes(),
                    info.digest(), details(info), source(info)));
        }
        ctx.json(new TagsResponse(tags));
    }

    /** Where a listed model came from: its store and file, or the backend that serves it. */
    private TagsResponse.Source source(ModelInfo info) {
        var entry = models.router().catalog().peek(info.name());
        if (entry.isEmpty()) {
            return info.origin() == null ? null : new TagsResponse.Source(info.origin(), null, null, null, null);
        }
        var stored = models.router().catalog().stored(entry.get().id());
        if (stored.isEmpty()) {
            return new TagsResponse.Source("models.yaml", entry.get().path().toString(), null, null, null);
        }
        var m = stored.get();
        return new TagsResponse.Source(m.store().key(), m.file().toString(), m.parts() > 1 ? m.parts() : null,
                m.projector() == null ? null : m.projector().toString(), m.variantOf());
    }

    private void show(Context ctx) {
        var body = json.read(ctx, ShowRequest.class);
        String name = body.model() != null && !body.model().isBlank() ? body.model() : body.name();
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("model is required", "model");
        }
        ModelInfo info = models.router().describe(name).orElseThrow(() -> new ModelNotFoundException(name));
        if (info.settings().get("problem") instanceof String problem) {
            throw new dev.helix.provider.ModelLoadException("cannot read " + info.origin() + ": " + problem, null);
        }
        ctx.json(new ShowResponse(modelfile(info), parameters(info), info.template(), details(info), info.metadata(),
                capabilities(info), modified(info)));
    }

    private void ps(Context ctx) {
        List<PsResponse.Running> running = new ArrayList<>();
        for (LoadedModel loaded : models.router().loaded()) {
            String id = loaded.entry().id();
            ModelInfo info = models.router().describe(id).orElse(ModelInfo.named(id, null));
            Instant expires = loaded.expiresAt() != null ? loaded.expiresAt() : FOREVER;
            running.add(new PsResponse.Running(tagged(id), tagged(id), info.sizeBytes(), info.digest(), details(info),
                    expires.toString(), 0, info.contextLength()));
        }
        ctx.json(new PsResponse(running));
    }

    /** Ollama shows models kept forever (or in use) with an expiry far in the future. */
    private static final Instant FOREVER = Instant.parse("2318-01-01T00:00:00Z");

    private static String modified(ModelInfo info) {
        return (info.modified() != null ? info.modified() : Instant.EPOCH).toString();
    }

    private static ModelDetails details(ModelInfo info) {
        String family = info.family() != null ? info.family() : "unknown";
        return new ModelDetails("", info.format() != null ? info.format() : "gguf", family,
                info.family() != null ? List.of(family) : List.of(),
                info.parameterSize() != null ? info.parameterSize() : "unknown",
                info.quantization() != null ? info.quantization() : "unknown");
    }

    /** Ollama's parameter lines ({@code num_ctx 4096}, {@code stop "<|im_end|>"}) from how the model is run. */
    private static String parameters(ModelInfo info) {
        var settings = info.settings();
        var lines = new ArrayList<String>();
        lines.add("num_ctx " + info.contextLength());
        for (var name : List.of(List.of("num_batch", "batch_size"), List.of("num_gpu", "gpu_layers"),
                List.of("num_thread", "threads"))) {
            if (settings.containsKey(name.get(1))) {
                lines.add(name.get(0) + " " + settings.get(name.get(1)));
            }
        }
        if (settings.get("stop") instanceof List<?> stops) {
            stops.forEach(stop -> lines.add("stop \"" + stop + '"'));
        }
        return String.join("\n", lines);
    }

    private static String modelfile(ModelInfo info) {
        return "# Modelfile generated by Helix\nFROM " + info.origin() + "\n"
                + (info.template() == null ? "" : "TEMPLATE \"\"\"" + info.template() + "\"\"\"\n");
    }

    /** Ollama's capability names, in its order. */
    private static List<String> capabilities(ModelInfo info) {
        return info.capabilities().stream().sorted().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** Ollama names carry a tag; Helix models have one version each, shown as {@code :latest}. */
    static String tagged(String id) {
        return id.contains(":") ? id : id + ":latest";
    }
}
