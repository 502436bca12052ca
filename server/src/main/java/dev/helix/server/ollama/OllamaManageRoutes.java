package dev.helix.server.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.stream.NdjsonWriter;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.router.ModelManager;
import dev.helix.router.pull.ModelPuller;
import dev.helix.router.pull.PullException;
import dev.helix.router.store.ModelPreset;
import dev.helix.router.store.Modelfile;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import dev.helix.server.ResponseStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ollama's model management: pull (from Hugging Face or a URL, with Ollama's progress stream), create (a variant from
 * a Modelfile subset or the JSON fields), copy (a name, in memory) and delete (only what Helix owns).
 */
public final class OllamaManageRoutes {
    private final ModelAccess models;
    private final RequestBodies json;
    private final ModelPuller puller;

    public OllamaManageRoutes(ModelAccess models, RequestBodies json, ModelPuller puller) {
        this.models = models;
        this.json = json;
        this.puller = puller;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/pull", this::pull);
        routes.post("/api/create", this::create);
        routes.post("/api/copy", this::copy);
        routes.delete("/api/delete", this::delete);
    }

    record PullRequest(String model, String name, Boolean insecure, Boolean stream) {}

    record CreateRequest(String model, String name, String from, String modelfile, String system, String template,
                         JsonNode parameters, Boolean stream) {}

    /** {@code {source, destination}}: a new name for a model, in memory (gone after a restart). */
    record CopyRequest(String source, String destination) {}

    record DeleteRequest(String model, String name) {}

    private static String name(String model, String name) {
        String n = model != null && !model.isBlank() ? model : name;
        if (n == null || n.isBlank()) {
            throw new InvalidRequestException("model is required", "model");
        }
        return n;
    }

    private void pull(Context ctx) {
        var body = json.read(ctx, PullRequest.class);
        String name = name(body.model(), body.name());
        var catalog = models.router().catalog();
        var store = catalog.helixStore().orElseThrow(() -> new InvalidRequestException(
                "Helix has no models folder to pull into (set models_dir)", "model"));
        if (Boolean.FALSE.equals(body.stream())) {
            puller.pull(name, store, event -> { }); // a PullException is answered in Ollama's error shape
            catalog.refresh();
            ctx.json(Map.of("status", "success"));
            return;
        }
        var out = new NdjsonWriter(ResponseStream.open(ctx, NdjsonWriter.CONTENT_TYPE), json.mapper());
        try {
            puller.pull(name, store, out::line);
            catalog.refresh();
        } catch (PullException e) {
            out.line(Map.of("error", e.getMessage())); // Ollama's way once the stream has begun
        }
    }

    private void create(Context ctx) {
        var body = json.read(ctx, CreateRequest.class);
        String name = name(body.model(), body.name());
        String from = body.from();
        ModelPreset preset = new ModelPreset(body.system(), body.template(), parameters(body.parameters()));
        if (body.modelfile() != null && !body.modelfile().isBlank()) {
            Modelfile file = Modelfile.parse(body.modelfile());
            from = from != null ? from : file.from();
            preset = preset.over(file.preset());
        }
        if (from == null || from.isBlank()) {
            throw new InvalidRequestException("from is required (or a modelfile with FROM): the model to make this "
                    + "one from; Helix makes variants of models it has, it does not import files", "from");
        }
        // refuse parameters no request could use, before anything is written
        OllamaMapper.options(json.mapper().valueToTree(preset.parameters()), null);
        new ModelManager(models.router().catalog()).create(name, from, preset);
        if (Boolean.FALSE.equals(body.stream())) {
            ctx.json(Map.of("status", "success"));
            return;
        }
        var out = new NdjsonWriter(ResponseStream.open(ctx, NdjsonWriter.CONTENT_TYPE), json.mapper());
        for (String status : List.of("using existing layer", "writing manifest", "success")) {
            out.line(Map.of("status", status));
        }
    }

    private Map<String, Object> parameters(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("parameters must be an object", "parameters");
        }
        var params = new LinkedHashMap<String, Object>();
        node.properties().forEach(e -> params.put(e.getKey(), json.mapper().convertValue(e.getValue(), Object.class)));
        return params;
    }

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
     * Deletes what Helix owns: a name made with copy, a variant, a file in Helix's folder. A model in another program's
     * store, or a models.yaml entry, is refused with a message that says so.
     */
    private void delete(Context ctx) {
        var body = json.read(ctx, DeleteRequest.class);
        new ModelManager(models.router().catalog()).delete(name(body.model(), body.name()));
        ctx.status(200);
    }
}
