package dev.helix.router;

import dev.helix.provider.ProviderBusyException;
import java.time.Duration;
import java.util.List;

/** The {@link ProviderBusyException}s the router throws (503 with Retry-After), worded in one place. */
final class RouterBusy {
    /** Retry-After of every one of them. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private RouterBusy() {}

    static ProviderBusyException allSlotsBusy(int slots, List<String> inUse, String wanted, Duration waited) {
        return busy("all " + slots + " model slots are busy (" + String.join(", ", inUse) + " in use) and \""
                + wanted + "\" waited " + KeepAlive.of(waited) + " for one; try again later");
    }

    static ProviderBusyException stillLoading(String model, Duration waited) {
        return busy("model \"" + model + "\" is still loading after " + KeepAlive.of(waited) + "; try again later");
    }

    static ProviderBusyException stillUnloading(String model) {
        return busy("model \"" + model + "\" is still unloading; try again later");
    }

    static ProviderBusyException interrupted() {
        return busy("interrupted while waiting for a model");
    }

    static ProviderBusyException closed() {
        return busy("the model router is closed");
    }

    private static ProviderBusyException busy(String message) {
        return new ProviderBusyException(message, RETRY_AFTER);
    }
}
