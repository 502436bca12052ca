package dev.helix.providers.managed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every {@link ProcessEvent} of the managed providers: the default writes a log line; alert sinks add
 * themselves with {@link #and}. Called on the supervising thread: a listener must return quickly and not throw.
 */
@FunctionalInterface
public interface ProcessEventListener {
    void on(ProcessEvent event);

    /** One log line per event: failures and exits as warnings, the rest as information. */
    static ProcessEventListener log() {
        Logger log = LoggerFactory.getLogger(ProcessEventListener.class);
        return event -> {
            switch (event) {
                case ProcessEvent.Starting s -> log.info("provider {}: starting (pid {}, port {}, attempt {})",
                        s.provider(), s.pid(), s.port(), s.attempt());
                case ProcessEvent.Ready r -> log.info("provider {}: ready in {} ms (pid {})", r.provider(),
                        r.took().toMillis(), r.pid());
                case ProcessEvent.Exited e -> log.warn("provider {}: {} (pid {})", e.provider(), e.why(), e.pid());
                case ProcessEvent.Restarting r -> log.info("provider {}: restart {} in {} ms", r.provider(),
                        r.attempt(), r.delay().toMillis());
                case ProcessEvent.Failed f -> log.error("provider {}: failed after {} restart(s): {}", f.provider(),
                        f.restarts(), f.why());
                case ProcessEvent.Stopped s -> log.info("provider {}: stopped", s.provider());
            }
        };
    }

    /** This listener, then {@code next}; a listener that throws does not keep the next from hearing. */
    default ProcessEventListener and(ProcessEventListener next) {
        return event -> {
            try {
                on(event);
            } finally {
                next.on(event);
            }
        };
    }
}
