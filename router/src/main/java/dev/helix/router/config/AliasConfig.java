package dev.helix.router.config;

import java.util.List;
import java.util.Objects;

/**
 * One public name served by several backends, from {@code models.yaml}'s top-level {@code aliases}:
 * <pre>{@code
 * aliases:
 *   llama3: [local:llama3-8b-q4, gpu-box:meta-llama/Llama-3-8B]       # priority: in this order
 *   chat:
 *     strategy: round-robin     # priority, round-robin, least-busy, lowest-latency, weighted
 *     targets: [box-a:qwen2.5:7b, box-b:qwen2.5:7b]
 * }</pre>
 *
 * @param strategy null = the routing default
 */
public record AliasConfig(String name, String strategy, List<Target> targets) {

    /**
     * A backend and its name for the model; the provider {@link #LOCAL} is the embedded runtime.
     *
     * @param order the target's place in the alias, for the priority strategy
     */
    public record Target(String provider, String model, int order) {
        public static final String LOCAL = "local";

        public boolean local() {
            return LOCAL.equals(provider);
        }

        @Override
        public String toString() {
            return provider + ":" + model;
        }
    }

    public AliasConfig {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
    }
}
