package dev.helix.router;

import dev.helix.provider.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a model stays loaded after its last request, with Ollama's semantics: a positive duration, zero
 * (unload as soon as the reply is done), or forever (any negative value). Negative durations and durations
 * too long for a nanosecond count (about 292 years) are all stored as {@link #FOREVER}, so equal meanings
 * are equal values.
 */
public record KeepAlive(Duration duration) {
    public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofMinutes(5));
    public static final KeepAlive FOREVER = new KeepAlive(Duration.ofSeconds(-1));
    public static final KeepAlive UNLOAD_NOW = new KeepAlive(Duration.ZERO);

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String EXPECTED =
            "expected seconds as a number or a duration such as \"5m\", \"1h30m\", \"300ms\" (negative = forever)";

    public KeepAlive {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0) {
            duration = Duration.ofSeconds(-1);
        }
    }

    public static KeepAlive of(Duration duration) {
        return new KeepAlive(duration);
    }

    /** Never expires. */
    public boolean forever() {
        return duration.isNegative();
    }

    /** Unload as soon as the last request using the model is done. */
    public boolean unloadImmediately() {
        return duration.isZero();
    }

    /**
     * Parses Ollama's forms: null (not given: returns null), a JSON number of seconds (fractions allowed), or
     * a Go duration string ("5m", "1h30m", "300ms", "1.5h", "-1m", "0"), where a bare number string such as
     * "3600" or "-1" means seconds. Negative means forever.
     *
     * @throws InvalidRequestException naming the bad value, with param {@code keep_alive}
     */
    public static KeepAlive parse(Object value) {
        return switch (value) {
            case null -> null;
            case KeepAlive k -> k;
            case Duration d -> new KeepAlive(d);
            case String s -> {
                BigInteger nanos = GoDuration.parseNanos(s);
                if (nanos == null) {
                    throw invalid("\"" + s + "\"");
                }
                yield ofNanos(nanos);
            }
            case Number n -> ofNanos(secondsToNanos(n));
            default -> throw invalid(value + " (a " + value.getClass().getSimpleName() + ")");
        };
    }

    private static BigInteger secondsToNanos(Number n) {
        BigDecimal seconds;
        try {
            seconds = switch (n) {
                case BigDecimal b -> b;
                case BigInteger b -> new BigDecimal(b);
                case Double d -> BigDecimal.valueOf(d);
                case Float f -> BigDecimal.valueOf(f.doubleValue());
                case Long l -> BigDecimal.valueOf(l);
                case Integer i -> BigDecimal.valueOf(i);
                default -> new BigDecimal(n.toString());
            };
        } catch (NumberFormatException e) { // NaN, Infinity
            throw invalid(n.toString());
        }
        return seconds.multiply(BigDecimal.valueOf(1_000_000_000L)).setScale(0, RoundingMode.DOWN).toBigInteger();
    }

    private static KeepAlive ofNanos(BigInteger nanos) {
        if (nanos.signum() < 0 || nanos.compareTo(MAX_NANOS) > 0) {
            return FOREVER;
        }
        return new KeepAlive(Duration.ofNanos(nanos.longValueExact()));
    }

    private static InvalidRequestException invalid(String shown) {
        return new InvalidRequestException("invalid keep_alive " + shown + ": " + EXPECTED, "keep_alive");
    }

    /** For display: "forever", "0s", or a duration that {@link #parse} reads back ("5m", "1h30m", "300ms"). */
    @Override
    public String toString() {
        return forever() ? "forever" : GoDuration.format(duration.toNanos());
    }
}
