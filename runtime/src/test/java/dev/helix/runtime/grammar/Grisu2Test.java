package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Number text as llama.cpp's nlohmann::json dump() writes it (expected values read from the native converter). */
class Grisu2Test {

    @ParameterizedTest
    @CsvSource({
        "0.1, 0.1",
        "0.3, 0.3",
        "4.35, 4.35",
        "-0.0, -0.0",
        "1E2, 100.0",
        "123456.789e3, 123456789.0",
        "1e15, 1e+15",
        "1e21, 1e+21",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "1.5e-7, 1.5e-07",
        "1.5e300, 1.5e+300",
        "5e-324, 5e-324",
        "2.2250738585072014e-308, 2.2250738585072014e-308",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "18446744073709551616, 1.8446744073709552e+19",
        "-9223372036854775809, -9.223372036854776e+18",
        // Grisu2 is not always the shortest form: Java's Double.toString gives 1.2345678901234568E23
        "123456789012345678901234, 1.2345678901234569e+23",
    })
    void formatsLikeNlohmann(String literal, String expected) {
        assertEquals(expected, Grisu2.format(Double.parseDouble(literal)));
    }
}
