package dev.helix.router;

import dev.helix.runtime.ModelLoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** An immutable view of every model name at one moment: configured entries plus one directory scan. */
final class CatalogSnapshot {
    private static final String LATEST_TAG = ":latest";

    private final List<ModelEntry> entries;
    private final Map<String, ModelEntry> byName = new HashMap<>();
    private final Map<String, Set<ModelEntry>> byLowerName = new HashMap<>();

    /**
     * @param warnOnce called with a key and a message for conflicts worth one log line
     */
    CatalogSnapshot(List<ModelEntry> configured, List<ModelScanner.Found> discovered, ModelLoadOptions defaults,
                    BiConsumer<String, String> warnOnce) {
        var all = new ArrayList<>(configured);
        configured.forEach(this::index);
        var fromFiles = new HashMap<String, Path>();
        for (var found : discovered) { // files of configured entries are left out by StoreMerge
            ModelEntry taken = byName.get(found.id());
            if (taken != null) {
                Path earlier = fromFiles.get(found.id());
                warnOnce.accept(found.id() + "|" + found.path(), earlier == null
                        ? "models.yaml entry \"" + taken.id() + "\" takes the name \"" + found.id()
                          + "\"; file " + found.path() + " is not served under it"
                        : "two model files are named \"" + found.id() + "\": serving " + earlier
                          + ", ignoring " + found.path());
                continue;
            }
            var entry = new ModelEntry(found.id(), found.path(), List.of(), defaults, null);
            fromFiles.put(found.id(), found.path());
            index(entry);
            all.add(entry);
        }
        all.sort(Comparator.comparing(ModelEntry::id));
        this.entries = List.copyOf(all);
    }

    private void index(ModelEntry entry) {
        for (String name : entry.names()) {
            byName.put(name, entry);
            byLowerName.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>()).add(entry);
        }
    }

    /** Every entry, sorted by id. */
    List<ModelEntry> entries() {
        return entries;
    }

    /** Exact id or alias, then without a ":latest" tag, then case-insensitively if only one model matches. */
    Optional<ModelEntry> resolve(String name) {
        ModelEntry exact = byName.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String untagged = name.endsWith(LATEST_TAG) ? name.substring(0, name.length() - LATEST_TAG.length()) : null;
        if (untagged != null && byName.containsKey(untagged)) {
            return Optional.of(byName.get(untagged));
        }
        if (untagged == null && !name.contains(":") && byName.containsKey(name + LATEST_TAG)) {
            return Optional.of(byName.get(name + LATEST_TAG)); // llama3.2 is Ollama's llama3.2:latest
        }
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<ModelEntry> folded = unique(lower);
        if (folded.isEmpty() && lower.endsWith(LATEST_TAG)) {
            folded = unique(lower.substring(0, lower.length() - LATEST_TAG.length()));
        }
        if (folded.isEmpty() && !lower.contains(":")) {
            folded = unique(lower + LATEST_TAG);
        }
        return folded;
    }

    private Optional<ModelEntry> unique(String lowerName) {
        Set<ModelEntry> matches = byLowerName.getOrDefault(lowerName, Set.of());
        return matches.size() == 1 ? Optional.of(matches.iterator().next()) : Optional.empty();
    }
}
