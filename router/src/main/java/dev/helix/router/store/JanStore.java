package dev.helix.router.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jan's models folder ({@code ~/jan/models/ID/model.json} beside the GGUF file): named by the model.json's
 * {@code id}; the file is the one its {@code sources} name, else the only model file in the folder. Its
 * {@code parameters} (temperature, top_p, max_tokens, stop) become the model's preset.
 */
public record JanStore(Path root) implements ModelStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(JanStore.class);
    /** Jan's parameter names to Ollama's. */
    private static final Map<String, String> PARAMETERS = Map.of("temperature", "temperature", "top_p", "top_p",
            "top_k", "top_k", "max_tokens", "num_predict", "stop", "stop", "frequency_penalty", "frequency_penalty",
            "presence_penalty", "presence_penalty");

    @Override
    public StoreKind kind() {
        return StoreKind.JAN;
    }

    @Override
    public List<StoredModel> scan() {
        var models = new ArrayList<StoredModel>();
        for (Path dir : GgufFolder.files(root)) {
            Path json = dir.resolve("model.json");
            if (!Files.isRegularFile(json)) {
                // Jan's newer layout: models/ID/model.gguf (with a model.yml): named by the folder
                List<GgufFolder.Model> files = GgufFolder.models(dir);
                if (files.size() == 1) {
                    models.add(StoredModel.of(dir.getFileName().toString(), files.get(0).file(), kind())
                            .withParts(files.get(0).parts()).withProjector(GgufFolder.projector(dir)));
                }
                continue;
            }
            try {
                JsonNode model = JSON.readTree(json.toFile());
                String id = model.path("id").asText(dir.getFileName().toString());
                Path file = file(dir, model);
                if (file != null && !id.isBlank()) {
                    models.add(new StoredModel(id, file, kind(), dev.helix.router.GgufFiles.parts(file.getFileName().toString()), GgufFolder.projector(dir),
                            new ModelPreset(null, null, parameters(model.path("parameters"))), null, null));
                }
            } catch (java.io.IOException | RuntimeException e) {
                log.debug("jan model {}: {}", json, e.toString());
            }
        }
        return models;
    }

    private static Path file(Path dir, JsonNode model) {
        for (JsonNode source : model.path("sources")) {
            String name = source.path("filename").asText("");
            if (!name.isEmpty() && !name.contains("/") && !name.contains("\\") && Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        List<GgufFolder.Model> files = GgufFolder.models(dir);
        return files.size() == 1 ? files.get(0).file() : null;
    }

    private static Map<String, Object> parameters(JsonNode node) {
        var params = new LinkedHashMap<String, Object>();
        node.properties().forEach(e -> {
            String ollama = PARAMETERS.get(e.getKey());
            if (ollama != null && !e.getValue().isNull()) {
                params.put(ollama, JSON.convertValue(e.getValue(), Object.class));
            }
        });
        return params;
    }
}
