package dev.helix.providers.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order in which a public name's targets are tried. The first target that is available and whose breaker lets
 * the request through takes it; the rest are the failover order. Ties keep the configured order.
 */
public sealed interface Strategy permits Strategy.Priority, Strategy.InOrder, Strategy.RoundRobin,
        Strategy.LeastBusy, Strategy.LowestLatency, Strategy.Weighted {

    List<Target> order(List<Target> targets);

    /** The strategy for a configuration word; a fresh instance, since some keep state per public name. */
    static Strategy named(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "priority", "failover" -> new Priority();
            case "round-robin", "roundrobin" -> new RoundRobin();
            case "least-busy", "least-in-flight", "least-connections" -> new LeastBusy();
            case "lowest-latency", "latency" -> new LowestLatency();
            case "weighted" -> new Weighted();
            default -> throw new IllegalArgumentException("unknown strategy \"" + name
                    + "\" (priority, round-robin, least-busy, lowest-latency, weighted)");
        };
    }

    /** Ordered failover: lowest {@link Backend.Settings#priority()} first. The default. */
    record Priority() implements Strategy {
        @Override
        public List<Target> order(List<Target> targets) {
            return targets.stream().sorted(Comparator.comparingInt(t -> t.backend().settings().priority())).toList();
        }
    }

    /** Ordered failover in the order the targets were given (an alias's list), whatever the backends' priorities. */
    record InOrder() implements Strategy {
        @Override
        public List<Target> order(List<Target> targets) {
            return targets;
        }
    }

    /** Each request starts one further along the list; the others follow as failover. */
    final class RoundRobin implements Strategy {
        private final AtomicLong next = new AtomicLong();

        @Override
        public List<Target> order(List<Target> targets) {
            if (targets.isEmpty()) {
                return targets;
            }
            int start = (int) Math.floorMod(next.getAndIncrement(), (long) targets.size());
            var ordered = new ArrayList<Target>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                ordered.add(targets.get((start + i) % targets.size()));
            }
            return ordered;
        }
    }

    /** Fewest requests in flight first; a saturated backend is skipped by availability, whatever the order. */
    record LeastBusy() implements Strategy {
        @Override
        public List<Target> order(List<Target> targets) {
            return targets.stream().sorted(Comparator.comparingInt(t -> t.backend().inFlight())).toList();
        }
    }

    /** Lowest moving average of time to first chunk first; backends never measured come first, to be measured. */
    record LowestLatency() implements Strategy {
        @Override
        public List<Target> order(List<Target> targets) {
            return targets.stream().sorted(Comparator.comparing((Target t) -> t.backend().measured())
                    .thenComparing(t -> t.backend().latency())).toList();
        }
    }

    /**
     * Shares by {@link Backend.Settings#weight()}, by smooth weighted round-robin (as nginx does): deterministic, and
     * over any run of {@code sum of weights} requests each target is first exactly its weight's number of times.
     */
    final class Weighted implements Strategy {
        private final Map<Target, Long> current = new HashMap<>();

        @Override
        public synchronized List<Target> order(List<Target> targets) {
            if (targets.isEmpty()) {
                return targets;
            }
            current.keySet().retainAll(targets);
            long total = 0;
            Target best = null;
            for (Target t : targets) {
                int weight = t.backend().settings().weight();
                total += weight;
                long now = current.merge(t, (long) weight, Long::sum);
                if (best == null || now > current.get(best)) {
                    best = t;
                }
            }
            current.merge(best, -total, Long::sum);
            var ordered = new ArrayList<Target>(targets.size());
            ordered.add(best);
            for (Target t : targets) {
                if (t != best) {
                    ordered.add(t);
                }
            }
            return ordered;
        }
    }
}
