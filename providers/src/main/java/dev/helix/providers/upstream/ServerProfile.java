package dev.helix.providers.upstream;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything Helix knows about one kind of external server, as data: the differences between servers live here, not
 * in classes. The table of all of them is {@link ServerProfiles}.
 *
 * @param kind              which server
 * @param name              its name for people
 * @param defaultPorts      the ports it listens on unless told otherwise, usual first (several servers share some);
 *                          none for a kind that is only ever configured
 * @param basePath          the prefix of its OpenAI-compatible API ({@code /v1}); empty when it has none
 * @param dialects          the generation APIs it speaks, preferred first
 * @param health            its liveness/readiness probe and what a healthy answer is
 * @param modelsPath        where it lists its models
 * @param listing           how that listing reads
 * @param auth              how it takes an API key
 * @param errors            the shape of its error bodies, per dialect it speaks
 * @param streaming         how it frames a streamed OpenAI chat answer, or that it does not stream
 * @param reasoning         where a reasoning model's thinking appears in an OpenAI chat answer
 * @param unsupportedFields OpenAI chat request fields it rejects or silently ignores
 * @param ownedBy           the {@code owned_by} values of its {@code /v1/models} entries (empty: it sends none)
 * @param imitates          kinds whose fingerprint endpoints it also answers, so it must be tried before them
 * @param fingerprints      probe sets that single it out, any one of which suffices; none for a kind that is only
 *                          ever configured, never discovered
 * @param source            where these facts come from
 */
public record ServerProfile(
        ServerKind kind,
        String name,
        List<Integer> defaultPorts,
        String basePath,
        List<Dialect> dialects,
        Probe health,
        String modelsPath,
        ListingFormat listing,
        Auth auth,
        Map<Dialect, ErrorShape> errors,
        StreamShape streaming,
        ReasoningField reasoning,
        Set<String> unsupportedFields,
        Set<String> ownedBy,
        Set<ServerKind> imitates,
        List<Fingerprint> fingerprints,
        String source) {

    public ServerProfile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        defaultPorts = List.copyOf(defaultPorts);
        Objects.requireNonNull(basePath, "basePath");
        dialects = List.copyOf(dialects);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(modelsPath, "modelsPath");
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(auth, "auth");
        errors = Map.copyOf(errors);
        Objects.requireNonNull(streaming, "streaming");
        Objects.requireNonNull(reasoning, "reasoning");
        unsupportedFields = Set.copyOf(unsupportedFields);
        ownedBy = Set.copyOf(ownedBy);
        imitates = Set.copyOf(imitates);
        fingerprints = List.copyOf(fingerprints);
        Objects.requireNonNull(source, "source");
        if (defaultPorts.isEmpty() != fingerprints.isEmpty()
                || defaultPorts.stream().anyMatch(p -> p < 1 || p > 65_535)) {
            throw new IllegalArgumentException(kind + ": default ports 1..65535, none only for a kind with no"
                    + " fingerprint: " + defaultPorts);
        }
        if (dialects.isEmpty() || !errors.keySet().equals(Set.copyOf(dialects))) {
            throw new IllegalArgumentException(kind + ": one error shape per dialect spoken: " + errors);
        }
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
            throw new IllegalArgumentException(kind + ": base path like /v1: " + basePath);
        }
        if (imitates.contains(kind) || fingerprints.isEmpty() && !imitates.isEmpty()) {
            throw new IllegalArgumentException(kind + ": cannot imitate itself, nor imitate without a fingerprint");
        }
    }

    /** Whether discovery can tell it apart (it has a fingerprint); a kind without one is only ever configured. */
    public boolean discoverable() {
        return !fingerprints.isEmpty();
    }

    /** The dialect to generate with when there is a choice. */
    public Dialect preferredDialect() {
        return dialects.getFirst();
    }

    public boolean speaks(Dialect dialect) {
        return dialects.contains(dialect);
    }

    /** Whether {@code stream:true} is honoured. */
    public boolean streams() {
        return streaming.supported();
    }

    /**
     * The request fields Helix refuses (400, naming the backend) when speaking {@code dialect} to this server: what the
     * dialect cannot carry, and on OpenAI's API what this server rejects or silently ignores.
     */
    public Set<String> refuses(Dialect dialect) {
        if (dialect != Dialect.OPENAI) {
            return dialect.lacks();
        }
        var fields = new java.util.HashSet<>(unsupportedFields);
        fields.addAll(dialect.lacks());
        return Set.copyOf(fields);
    }

    /** The shape of error bodies on a dialect's endpoints. */
    public ErrorShape errorShape(Dialect dialect) {
        ErrorShape shape = errors.get(dialect);
        if (shape == null) {
            throw new IllegalArgumentException(name + " does not speak " + dialect);
        }
        return shape;
    }
}
