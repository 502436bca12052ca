package dev.helix.router.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named variants of models ({@code /api/create}): one small JSON file each in a hidden folder of Helix's store, naming
 * the model file it runs and the preset it adds. The file is resolved when the variant is made, as Ollama's create
 * copies its base's layers, so a variant outlives a restart and does not depend on name resolution order.
 */
public final class Variants {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(Variants.class);

    private final Path dir;

    public Variants(Path dir) {
        this.dir = dir;
    }

    /** Every variant in the folder, by file name. */
    public List<StoredModel> list() {
        var variants = new ArrayList<StoredModel>();
        for (Path file : GgufFolder.files(dir)) {
            if (!file.getFileName().toString().endsWith(".json")) {
                continue;
            }
            try {
                variants.add(read(JSON.readTree(file.toFile())));
            } catch (IOException | RuntimeException e) {
                log.warn("variant {} is not readable and not served: {}", file, e.getMessage());
            }
        }
        return variants;
    }

    private static StoredModel read(JsonNode v) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        v.path("parameters").properties().forEach(e -> parameters.put(e.getKey(),
                JSON.convertValue(e.getValue(), Object.class)));
        String projector = v.path("projector").asText(null);
        return new StoredModel(v.path("name").asText(), Path.of(v.path("file").asText()), StoreKind.HELIX,
                v.path("parts").asInt(1), projector == null ? null : Path.of(projector),
                new ModelPreset(v.path("system").asText(null), v.path("template").asText(null), parameters),
                v.path("digest").asText(null), v.path("from").asText(null));
    }

    /** Writes (or replaces) a variant, whole or not at all. */
    public void write(StoredModel variant) {
        ObjectNode v = JSON.createObjectNode();
        v.put("name", variant.name());
        v.put("from", variant.variantOf());
        v.put("file", variant.file().toString());
        v.put("parts", variant.parts());
        if (variant.projector() != null) {
            v.put("projector", variant.projector().toString());
        }
        if (variant.digest() != null) {
            v.put("digest", variant.digest());
        }
        if (variant.preset().system() != null) {
            v.put("system", variant.preset().system());
        }
        if (variant.preset().template() != null) {
            v.put("template", variant.preset().template());
        }
        v.set("parameters", JSON.valueToTree(variant.preset().parameters()));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".json.part");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), v);
            Files.move(tmp, file(variant.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write variant " + variant.name() + " in " + dir, e);
        }
    }

    /** Deletes a variant; false when there is none of that name. */
    public boolean delete(String name) {
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete variant " + name, e);
        }
    }

    /** Longest variant name: its file name must fit the file system's 255 bytes once encoded. */
    public static final int MAX_NAME = 80;

    private Path file(String name) {
        return dir.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8) + ".json");
    }
}
