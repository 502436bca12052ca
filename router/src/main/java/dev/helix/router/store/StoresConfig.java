package dev.helix.router.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which stores Helix reads besides its own folder: models.yaml's {@code stores:} section, each kind {@code true}
 * (its usual folders, the default), {@code false} (off), or a folder or a list of folders. {@code HELIX_STORES}
 * ({@code none}, or a comma-separated list of kinds) narrows them further.
 *
 * <pre>{@code
 * stores:
 *   ollama: true
 *   huggingface: false
 *   lmstudio: /data/lmstudio-models
 * }</pre>
 *
 * @param folders per kind the folders to read instead of the usual ones; a kind with an empty list is off
 */
public record StoresConfig(Map<StoreKind, List<Path>> folders) {
    public static final StoresConfig DEFAULTS = new StoresConfig(Map.of());
    /** None but Helix's own folder. */
    public static final StoresConfig NONE = new StoresConfig(Map.of(StoreKind.OLLAMA, List.of(),
            StoreKind.HUGGING_FACE, List.of(), StoreKind.LM_STUDIO, List.of(), StoreKind.GPT4ALL, List.of(),
            StoreKind.JAN, List.of()));

    public StoresConfig {
        var copy = new EnumMap<StoreKind, List<Path>>(StoreKind.class);
        folders.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        folders = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The section as parsed from models.yaml (a missing section is {@link #DEFAULTS}).
     *
     * @param baseDir relative folders are relative to it
     * @param problems where mistakes are added, with their location
     */
    public static StoresConfig parse(JsonNode section, Path baseDir, Path home, List<String> problems) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return DEFAULTS;
        }
        if (!section.isObject()) {
            problems.add("stores: must be a mapping of store to true, false or folders");
            return DEFAULTS;
        }
        var folders = new EnumMap<StoreKind, List<Path>>(StoreKind.class);
        section.properties().forEach(e -> {
            Optional<StoreKind> kind = StoreKind.of(e.getKey());
            if (kind.isEmpty() || kind.get() == StoreKind.HELIX) {
                problems.add("stores." + e.getKey() + ": unknown store (expected ollama, huggingface, lmstudio, "
                        + "gpt4all or jan; Helix's own folder is models_dir)");
                return;
            }
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                if (!v.asBoolean()) {
                    folders.put(kind.get(), List.of());
                }
            } else if (v.isTextual() || v.isArray()) {
                var paths = new ArrayList<Path>();
                for (JsonNode p : v.isArray() ? v : List.of(v)) {
                    paths.add(path(p.asText(), baseDir, home));
                }
                folders.put(kind.get(), paths);
            } else {
                problems.add("stores." + e.getKey() + ": must be true, false, a folder or a list of folders");
            }
        });
        return new StoresConfig(folders);
    }

    private static Path path(String text, Path baseDir, Path home) {
        Path p = text.equals("~") ? home : text.startsWith("~/") ? home.resolve(text.substring(2)) : Path.of(text);
        return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).toAbsolutePath().normalize();
    }

    /** Narrowed by {@code HELIX_STORES}: {@code none}, or the kinds to keep, comma-separated. */
    public StoresConfig narrowedBy(String helixStores) {
        if (helixStores == null || helixStores.isBlank()) {
            return this;
        }
        var keep = new java.util.HashSet<StoreKind>();
        for (String k : helixStores.split(",")) {
            StoreKind.of(k).ifPresent(keep::add);
        }
        var folders = new EnumMap<StoreKind, List<Path>>(StoreKind.class);
        folders.putAll(this.folders);
        for (StoreKind kind : StoreKind.values()) {
            if (kind != StoreKind.HELIX && !keep.contains(kind)) {
                folders.put(kind, List.of());
            }
        }
        return new StoresConfig(folders);
    }

    /** The foreign stores to read (not Helix's own folder), in {@link StoreKind} order. */
    public List<ModelStore> stores(StoreLocations locations) {
        var stores = new ArrayList<ModelStore>();
        for (StoreKind kind : StoreKind.values()) {
            if (kind == StoreKind.HELIX) {
                continue;
            }
            for (Path root : folders.getOrDefault(kind, locations.defaults(kind))) {
                stores.add(ModelStore.of(kind, root));
            }
        }
        return stores;
    }
}
