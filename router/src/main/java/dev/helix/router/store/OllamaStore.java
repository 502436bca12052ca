package dev.helix.router.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ollama's store ({@code ~/.ollama/models} or {@code OLLAMA_MODELS}): {@code manifests/HOST/NAMESPACE/MODEL/TAG}
 * name their layers by sha256 in {@code blobs/sha256-HEX}. The model layer is the GGUF file; the template, system and
 * params layers become the model's {@link ModelPreset}; a projector layer is its vision projector. Models keep their
 * Ollama names: {@code llama3.2:latest}, {@code user/model:tag}, {@code hf.co/ORG/REPO:Q4_K_M}.
 */
public record OllamaStore(Path root) implements ModelStore {
    static final String DEFAULT_HOST = "registry.ollama.ai";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("sha256[:-]([0-9a-f]{64})");
    /** Longest text layer read (templates and system prompts are a few KB). */
    private static final int MAX_TEXT_LAYER = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(OllamaStore.class);

    @Override
    public StoreKind kind() {
        return StoreKind.OLLAMA;
    }

    @Override
    public List<StoredModel> scan() {
        Path manifests = root.resolve("manifests");
        var models = new ArrayList<StoredModel>();
        for (Path host : GgufFolder.files(manifests)) {
            for (Path namespace : GgufFolder.files(host)) {
                for (Path model : GgufFolder.files(namespace)) {
                    for (Path tag : GgufFolder.files(model)) {
                        if (Files.isRegularFile(tag)) {
                            String name = name(host, namespace, model, tag);
                            try {
                                read(name, tag, models);
                            } catch (IOException | RuntimeException e) {
                                log.debug("ollama manifest {}: {}", tag, e.toString());
                            }
                        }
                    }
                }
            }
        }
        return models;
    }

    /** {@code llama3.2:latest} for the library, {@code user/model:tag} on Ollama's registry, else with the host. */
    static String name(Path host, Path namespace, Path model, Path tag) {
        String h = host.getFileName().toString();
        String ns = namespace.getFileName().toString();
        String base = model.getFileName() + ":" + tag.getFileName();
        if (h.equals(DEFAULT_HOST)) {
            return ns.equals("library") ? base : ns + "/" + base;
        }
        return h + "/" + ns + "/" + base;
    }

    private void read(String name, Path manifest, List<StoredModel> models) throws IOException {
        JsonNode layers = JSON.readTree(manifest.toFile()).path("layers");
        Path modelFile = null;
        String digest = null;
        Path projector = null;
        String system = null;
        String template = null;
        Map<String, Object> parameters = Map.of();
        for (JsonNode layer : layers) {
            var m = DIGEST.matcher(layer.path("digest").asText());
            if (!m.matches()) {
                continue;
            }
            Path blob = root.resolve("blobs").resolve("sha256-" + m.group(1));
            switch (layer.path("mediaType").asText()) {
                case "application/vnd.ollama.image.model" -> {
                    modelFile = blob;
                    digest = m.group(1);
                }
                case "application/vnd.ollama.image.projector" -> projector = blob;
                case "application/vnd.ollama.image.system" -> system = text(blob);
                case "application/vnd.ollama.image.template" -> template = text(blob);
                case "application/vnd.ollama.image.params" -> parameters = params(blob);
                default -> { } // license, messages, adapters: not used
            }
        }
        if (modelFile != null) {
            models.add(new StoredModel(name, modelFile, kind(), 1, projector,
                    new ModelPreset(system, template, parameters), digest, null));
        }
    }

    private static String text(Path blob) throws IOException {
        try (InputStream in = Files.newInputStream(blob)) {
            return new String(in.readNBytes(MAX_TEXT_LAYER), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Object> params(Path blob) throws IOException {
        JsonNode node = JSON.readTree(text(blob));
        var params = new LinkedHashMap<String, Object>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> params.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        }
        return params;
    }
}
