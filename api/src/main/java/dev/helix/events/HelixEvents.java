package dev.helix.events;

import java.util.List;

/**
 * Where a module publishes its {@link HelixEvent}s. Implementations must return quickly and never throw: they are
 * called on request threads, health-check threads and under no lock a caller could be waiting for.
 */
@FunctionalInterface
public interface HelixEvents {
    /** Drops every event. */
    HelixEvents NONE = event -> { };

    void publish(HelixEvent event);

    /** Every listener gets every event, in order; one that throws does not stop the others. */
    static HelixEvents all(List<HelixEvents> listeners) {
        List<HelixEvents> copy = List.copyOf(listeners);
        return event -> {
            for (HelixEvents listener : copy) {
                try {
                    listener.publish(event);
                } catch (RuntimeException e) { // a listener's bug must not fail the request or probe that published
                    System.getLogger(HelixEvents.class.getName()).log(System.Logger.Level.WARNING,
                            "event listener failed on " + event, e);
                }
            }
        };
    }
}
