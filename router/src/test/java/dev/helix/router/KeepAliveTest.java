package dev.helix.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class KeepAliveTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(300, Duration.ofMinutes(5)),
                Arguments.of(0, Duration.ZERO),
                Arguments.of(-1, null),
                Arguments.of(-0.5, null),
                Arguments.of(1.5, Duration.ofMillis(1500)),
                Arguments.of(3600L, Duration.ofHours(1)),
                Arguments.of(new BigDecimal("0.25"), Duration.ofMillis(250)),
                Arguments.of(new BigInteger("60"), Duration.ofMinutes(1)),
                Arguments.of(1e30, null), // longer than a nanosecond count holds: forever
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h30m", Duration.ofMinutes(90)),
                Arguments.of("300ms", Duration.ofMillis(300)),
                Arguments.of("1.5h", Duration.ofMinutes(90)),
                Arguments.of("2h45m10s", Duration.ofSeconds(2 * 3600 + 45 * 60 + 10)),
                Arguments.of(".5s", Duration.ofMillis(500)),
                Arguments.of("1.s", Duration.ofSeconds(1)),
                Arguments.of("10us", Duration.ofNanos(10_000)),
                Arguments.of("10µs", Duration.ofNanos(10_000)),
                Arguments.of("7ns", Duration.ofNanos(7)),
                Arguments.of("+5s", Duration.ofSeconds(5)),
                Arguments.of("-1m", null),
                Arguments.of("-1", null),
                Arguments.of("0", Duration.ZERO),
                Arguments.of("-0", Duration.ZERO),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("3600", Duration.ofHours(1)),
                Arguments.of("2.5", Duration.ofMillis(2500)),
                Arguments.of(" 10m ", Duration.ofMinutes(10)),
                Arguments.of("99999999999h", null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("valid")
    void parsesOllamaForms(Object input, Duration expected) {
        KeepAlive parsed = KeepAlive.parse(input);
        if (expected == null) {
            assertEquals(KeepAlive.FOREVER, parsed);
            assertTrue(parsed.forever());
        } else {
            assertEquals(expected, parsed.duration());
            assertFalse(parsed.forever());
        }
    }

    @Test
    void nullMeansNotGiven() {
        assertNull(KeepAlive.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-", "m", "5 m", "5min", "5M", "1h30", "abc", "1..5s", ".s", "5m-3s",
                            "forever", "1e3s", "0x10s"})
    void rejectsBadStrings(String input) {
        var e = assertThrows(InvalidRequestException.class, () -> KeepAlive.parse(input));
        assertEquals("keep_alive", e.param());
        assertTrue(e.getMessage().contains("\"" + input + "\""), e.getMessage());
    }

    @Test
    void rejectsOtherTypesNamingTheValue() {
        for (Object bad : List.of(true, List.of(1), Map.of("s", 1), Double.NaN, Double.POSITIVE_INFINITY)) {
            var e = assertThrows(InvalidRequestException.class, () -> KeepAlive.parse(bad), bad.toString());
            assertEquals("keep_alive", e.param());
            assertTrue(e.getMessage().contains("invalid keep_alive " + bad), e.getMessage());
        }
    }

    @Test
    void negativeValuesAreAllTheSameForever() {
        assertEquals(KeepAlive.FOREVER, KeepAlive.of(Duration.ofDays(-3)));
        assertEquals(KeepAlive.FOREVER, KeepAlive.parse("-1h"));
        assertTrue(KeepAlive.UNLOAD_NOW.unloadImmediately());
        assertFalse(KeepAlive.DEFAULT.unloadImmediately());
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @MethodSource("formats")
    void formatsForDisplayAndReadsBack(String input, String shown) {
        KeepAlive k = KeepAlive.parse(input);
        assertEquals(shown, k.toString());
        if (!k.forever()) {
            assertEquals(k, KeepAlive.parse(shown));
        }
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("5m", "5m"),
                Arguments.of("90m", "1h30m"),
                Arguments.of("3600", "1h"),
                Arguments.of("90.5s", "1m30.5s"),
                Arguments.of("2h45m10s", "2h45m10s"),
                Arguments.of("300ms", "300ms"),
                Arguments.of("1.5ms", "1.5ms"),
                Arguments.of("10us", "10us"),
                Arguments.of("7ns", "7ns"),
                Arguments.of("0", "0s"),
                Arguments.of("-1", "forever"));
    }
}
