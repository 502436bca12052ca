package dev.helix.router;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link ModelRouter} shares the machine.
 *
 * @param maxLoadedModels  models loaded (or loading, or unloading) at once, at least 1
 * @param defaultKeepAlive keep_alive when neither the request nor the model entry gives one
 * @param queueTimeout     longest a request waits for a model to load or for a free slot before it gets
 *                         {@link dev.helix.provider.ProviderBusyException}; zero = never wait
 */
public record RouterSettings(int maxLoadedModels, KeepAlive defaultKeepAlive, Duration queueTimeout) {
    public static final RouterSettings DEFAULTS = new RouterSettings(2, KeepAlive.DEFAULT, Duration.ofMinutes(2));

    public RouterSettings {
        Objects.requireNonNull(defaultKeepAlive, "defaultKeepAlive");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        if (maxLoadedModels < 1) {
            throw new IllegalArgumentException("max loaded models must be >= 1, was " + maxLoadedModels);
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queue timeout must not be negative, was " + queueTimeout);
        }
    }

    public RouterSettings withMaxLoadedModels(int value) {
        return new RouterSettings(value, defaultKeepAlive, queueTimeout);
    }

    public RouterSettings withDefaultKeepAlive(KeepAlive value) {
        return new RouterSettings(maxLoadedModels, value, queueTimeout);
    }

    public RouterSettings withQueueTimeout(Duration value) {
        return new RouterSettings(maxLoadedModels, defaultKeepAlive, value);
    }
}
