package dev.helix.router.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One name per model across stores: models come in priority order (Helix's folder, then {@link StoreKind} order); a
 * name already taken, ignoring case and a {@code :latest} tag, is qualified with the model's store
 * ({@code ollama/llama3.2:latest}) and the {@link NameCollision} is reported. A file listed twice (a store folder that
 * is also another's) is served once; a model whose file is a models.yaml entry's is served under that entry.
 */
public final class StoreMerge {

    /** The models to serve under their final names, and the collisions found on the way. */
    public record Result(List<StoredModel> served, List<NameCollision> collisions) {}

    private StoreMerge() {}

    /**
     * @param configuredNames every name models.yaml gives (ids and aliases)
     * @param configuredFiles the files of models.yaml's entries (absolute, normalized)
     */
    public static Result merge(Collection<String> configuredNames, Set<Path> configuredFiles,
                               List<StoredModel> models) {
        Map<String, String> owners = new HashMap<>();
        configuredNames.forEach(n -> owners.put(key(n), "models.yaml"));
        var files = new HashSet<Path>();
        var served = new ArrayList<StoredModel>();
        var collisions = new ArrayList<NameCollision>();
        for (StoredModel m : models) {
            boolean variant = m.variantOf() != null;
            if (!variant && (configuredFiles.contains(m.file()) || !files.add(m.file()))) {
                continue;
            }
            String owner = owners.get(key(m.name()));
            if (owner == null) {
                owners.put(key(m.name()), m.file().toString());
                served.add(m);
                continue;
            }
            String qualified = m.store().key() + "/" + m.name();
            if (owners.containsKey(key(qualified))) {
                collisions.add(new NameCollision(m.name(), owner, m, null));
                continue;
            }
            owners.put(key(qualified), m.file().toString());
            collisions.add(new NameCollision(m.name(), owner, m, qualified));
            served.add(m.withName(qualified));
        }
        return new Result(List.copyOf(served), List.copyOf(collisions));
    }

    /** Names compare ignoring case and a {@code :latest} tag. */
    static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(":latest") ? lower.substring(0, lower.length() - ":latest".length()) : lower;
    }
}
