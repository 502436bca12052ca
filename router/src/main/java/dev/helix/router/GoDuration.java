package dev.helix.router;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} grammar ({@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, units ns, us, µs, ms, s,
 * m, h; "0" alone needs no unit), plus Ollama's leniency for a bare number string meaning seconds.
 */
final class GoDuration {
    private static final Pattern COMPONENT = Pattern.compile("(\\d*(?:\\.\\d*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {}

    /**
     * Total nanoseconds, negative when the string has a leading '-' (magnitude may exceed a long: callers
     * clamp), or null when the text is not a duration.
     */
    static BigInteger parseNanos(String text) {
        String s = text.strip();
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }
        BigDecimal nanos;
        if (BARE_NUMBER.matcher(s).matches()) {
            nanos = new BigDecimal(s.startsWith(".") ? "0" + s : s).multiply(NANOS_PER_SECOND);
        } else {
            nanos = componentsNanos(s);
            if (nanos == null) {
                return null;
            }
        }
        BigInteger whole = nanos.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        return negative ? whole.negate() : whole;
    }

    private static BigDecimal componentsNanos(String s) {
        var m = COMPONENT.matcher(s);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            m.region(at, s.length());
            if (!m.lookingAt()) {
                return null;
            }
            String number = m.group(1);
            if (number.isEmpty() || number.equals(".")) {
                return null;
            }
            if (number.startsWith(".")) {
                number = "0" + number;
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
            at = m.end();
        }
        return total;
    }

    /** A compact, parseable rendering: "1h30m", "1m30.5s", "300ms", "0s". Non-negative input only. */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return decimal(nanos, 1_000) + "us";
        }
        if (nanos < 1_000_000_000) {
            return decimal(nanos, 1_000_000) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        long secondNanos = nanos % 60_000_000_000L;
        var out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (secondNanos > 0) {
            out.append(decimal(secondNanos, 1_000_000_000)).append('s');
        }
        return out.toString();
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}
