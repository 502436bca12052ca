package dev.helix.router.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One name per model across stores: models come in priority order (Helix's folder, then {@link StoreKind} order); a
 * name another store's model took (a {@code :latest} tag aside) is qualified with the model's store
 * ({@code lmstudio/llama3.2}); a name taken in the same store or by models.yaml stays with the first, as it did before
 * other stores were read. Every {@link NameCollision} is reported. A file listed twice (a store folder that
 * is also another's) is served once, but one store may give a file several names (Ollama's {@code llama3.2:latest}
 * and {@code llama3.2:3b} share a blob); a model whose file is a models.yaml entry's is served under that entry.
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
        Map<String, StoreKind> ownerStores = new HashMap<>();
        configuredNames.forEach(n -> owners.put(key(n), "models.yaml"));
        var files = new HashMap<Path, List<StoredModel>>();
        var served = new ArrayList<StoredModel>();
        var collisions = new ArrayList<NameCollision>();
        for (StoredModel m : models) {
            boolean variant = m.variantOf() != null;
            if (!variant && (configuredFiles.contains(m.file()) || listedAlready(files, m))) {
                continue;
            }
            String owner = owners.get(key(m.name()));
            if (owner == null) {
                owners.put(key(m.name()), m.file().toString());
                ownerStores.put(key(m.name()), m.store());
                served.add(m);
                continue;
            }
            String qualified = m.store().key() + "/" + m.name();
            // within one store (two files with one stem) or against models.yaml, the first keeps the name, as before
            // stores were read; across stores both stay reachable
            if (ownerStores.get(key(m.name())) == null || ownerStores.get(key(m.name())) == m.store()
                    || owners.containsKey(key(qualified))) {
                collisions.add(new NameCollision(m.name(), owner, m, null));
                continue;
            }
            owners.put(key(qualified), m.file().toString());
            collisions.add(new NameCollision(m.name(), owner, m, qualified));
            served.add(m.withName(qualified));
        }
        return new Result(List.copyOf(served), List.copyOf(collisions));
    }

    /** Whether another store listed the file, or this store under this name; else records it. */
    private static boolean listedAlready(Map<Path, List<StoredModel>> files, StoredModel m) {
        List<StoredModel> before = files.computeIfAbsent(m.file(), f -> new ArrayList<>());
        if (before.stream().anyMatch(b -> b.store() != m.store() || key(b.name()).equals(key(m.name())))) {
            return true;
        }
        before.add(m);
        return false;
    }

    /** Names compare without a {@code :latest} tag (case matters, as for the catalog's exact names). */
    static String key(String name) {
        return name.endsWith(":latest") ? name.substring(0, name.length() - ":latest".length()) : name;
    }
}
