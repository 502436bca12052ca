package dev.helix.providers.upstream;

import java.util.List;
import java.util.stream.Collectors;

/** Probes that together single out one kind of server: all of them must match. */
public record Fingerprint(List<Probe> probes) {
    public Fingerprint {
        probes = List.copyOf(probes);
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("a fingerprint needs at least one probe");
        }
    }

    public static Fingerprint of(Probe... probes) {
        return new Fingerprint(List.of(probes));
    }

    /** Words for logs and evidence. */
    public String describe() {
        return probes.stream().map(Probe::describe).collect(Collectors.joining("; "));
    }
}
