package dev.helix.runtime.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond ticker that moves only when a test moves it, for timeouts that must not depend on machine speed. */
public final class ManualTicker implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** Moves the ticker on; returns its new reading. */
    public long advance(Duration by) {
        return nanos.addAndGet(by.toNanos());
    }
}
