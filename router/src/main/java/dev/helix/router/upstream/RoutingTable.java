package dev.helix.router.upstream;

import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.providers.routing.Backend;
import dev.helix.providers.routing.BackendGroup;
import dev.helix.providers.routing.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Which backends serve each public name, at one moment: every name an external server lists (with Helix's own
 * model of that name first, when it has one), and every configured alias. Names only Helix serves are not here:
 * they go to the router's own path. Immutable; rebuilt when backends' model lists change and when a reload changes
 * providers or aliases, and swapped whole, so a request sees one consistent snapshot. Each name keeps the lives of
 * its external backends, for a request to hold them open ({@link BackendLife}).
 */
final class RoutingTable {
    static final RoutingTable EMPTY = new RoutingTable(Map.of(), List.of());

    /** A name's group and the lives of its external backends. */
    record Route(BackendGroup group, List<BackendLife> lives) {
        Route {
            lives = List.copyOf(lives);
        }
    }

    private final Map<String, Route> groups;
    private final List<ModelInfo> models;

    private RoutingTable(Map<String, Route> groups, List<ModelInfo> models) {
        this.groups = Map.copyOf(groups);
        this.models = List.copyOf(models);
    }

    /**
     * @param groupOf makes the group for a name and its targets (with the strategy kept for that name)
     * @param lifeOf  the life of an external backend (null for Helix's own)
     */
    static RoutingTable build(Backend local, LocalModels localModels, List<UpstreamBackend> upstreams,
                              List<Alias> aliases, BiFunction<String, List<Target>, BackendGroup> groupOf,
                              Function<Backend, BackendLife> lifeOf) {
        Map<String, List<Target>> byName = new LinkedHashMap<>();
        Map<String, ModelInfo> described = new LinkedHashMap<>();
        for (UpstreamBackend upstream : upstreams) {
            for (ModelInfo model : upstream.backend().provider().models()) {
                byName.computeIfAbsent(model.name(), n -> new ArrayList<>()).add(new Target(upstream.backend(),
                        model.name()));
                described.putIfAbsent(model.name(), model);
            }
        }
        Map<String, Route> groups = new LinkedHashMap<>();
        for (var entry : byName.entrySet()) {
            var targets = new ArrayList<Target>();
            if (localModels.servesLocally(entry.getKey())) {
                targets.add(new Target(local, entry.getKey()));
            }
            targets.addAll(entry.getValue());
            groups.put(entry.getKey(), route(groupOf.apply(entry.getKey(), targets), lifeOf));
        }
        for (Alias alias : aliases) {
            var targets = alias.targets().stream().map(t -> new Target(t.backend(), t.model())).toList();
            groups.put(alias.name(), route(groupOf.apply(alias.name(), targets), lifeOf));
            Target first = targets.getFirst();
            described.put(alias.name(), describe(first, localModels).orElse(ModelInfo.named(alias.name(), "alias"))
                    .withName(alias.name()));
        }
        var models = new ArrayList<ModelInfo>();
        for (var name : groups.keySet()) {
            if (!localModels.servesLocally(name)) {
                models.add(described.getOrDefault(name, ModelInfo.named(name, "alias")));
            }
        }
        return new RoutingTable(groups, models);
    }

    private static Route route(BackendGroup group, Function<Backend, BackendLife> lifeOf) {
        var lives = new ArrayList<BackendLife>();
        for (Target t : group.targets()) {
            BackendLife life = lifeOf.apply(t.backend());
            if (life != null && !lives.contains(life)) {
                lives.add(life);
            }
        }
        return new Route(group, lives);
    }

    private static Optional<ModelInfo> describe(Target target, LocalModels localModels) {
        List<ModelInfo> listed = target.backend().id().equals(LocalBackend.ID) ? localModels.localModels()
                : target.backend().provider().models();
        return listed.stream().filter(m -> m.name().equals(target.model())).findFirst();
    }

    /** An alias resolved to backends: its name and targets in the configured order. */
    record Alias(String name, List<Target> targets) {
        Alias {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("alias " + name + " has no target");
            }
        }
    }

    /** The group serving a name: as asked, else with or without Ollama's {@code :latest} tag. */
    Optional<Route> route(String name) {
        Route group = groups.get(name);
        if (group == null && name.endsWith(":latest")) {
            group = groups.get(name.substring(0, name.length() - ":latest".length()));
        } else if (group == null) {
            group = groups.get(name + ":latest");
        }
        return Optional.ofNullable(group);
    }

    /** The names only backends serve (Helix's own are described by the router), described. */
    List<ModelInfo> models() {
        return models;
    }

    static boolean usable(Health health) {
        return health.status() != Health.Status.DOWN;
    }
}
