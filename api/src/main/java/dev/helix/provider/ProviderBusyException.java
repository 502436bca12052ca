package dev.helix.provider;

import java.time.Duration;

/** The backend is loading or its queue is full; maps to 503 with Retry-After. */
public final class ProviderBusyException extends ProviderException {
    private final Duration retryAfter;

    public ProviderBusyException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
