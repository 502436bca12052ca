package dev.helix.runtime.grammar;

import dev.helix.provider.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The numeric limits of a schema as integers, read exactly. llama.cpp b4916 reads them with {@code get<int>()}:
 * {@code "minimum": 3000000000} wrapped to -1294967296 (letting the model write -3), 2.5 truncated to 2,
 * {@code maxItems: 4.0} was ignored, and {@code exclusiveMinimum} was ignored beside {@code minimum}. Here every
 * limit applies, fractions round inwards, and limits no value can meet are errors.
 */
final class SchemaBounds {
    /** Integers without bounds are written with at most 16 digits; bounds beyond that are clamped to it. */
    static final long MAX_INTEGER = 9_999_999_999_999_999L;
    /** From here on, an integer lower bound without an upper one is written with both (IntRangeRules' limit). */
    private static final long WIDE = 1_000_000_000_000_000L;

    private SchemaBounds() {}

    /**
     * {min, max} for an integer schema, {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE} where unbounded; the
     * draft-4 form ({@code "exclusiveMinimum": true} beside {@code minimum}) is understood too.
     */
    static long[] integer(Json schema) {
        BigInteger min = null;
        BigInteger max = null;
        boolean draft4ExclusiveMin = schema.get("exclusiveMinimum") instanceof Json.Bool b && b.value();
        boolean draft4ExclusiveMax = schema.get("exclusiveMaximum") instanceof Json.Bool b && b.value();
        if (schema.contains("minimum")) {
            BigDecimal value = schema.get("minimum").toNumber("minimum");
            min = draft4ExclusiveMin ? floor(value).add(BigInteger.ONE) : ceiling(value);
        }
        if (schema.contains("exclusiveMinimum") && !(schema.get("exclusiveMinimum") instanceof Json.Bool)) {
            BigDecimal value = schema.get("exclusiveMinimum").toNumber("exclusiveMinimum");
            min = greater(min, floor(value).add(BigInteger.ONE));
        }
        if (schema.contains("maximum")) {
            BigDecimal value = schema.get("maximum").toNumber("maximum");
            max = draft4ExclusiveMax ? ceiling(value).subtract(BigInteger.ONE) : floor(value);
        }
        if (schema.contains("exclusiveMaximum") && !(schema.get("exclusiveMaximum") instanceof Json.Bool)) {
            BigDecimal value = schema.get("exclusiveMaximum").toNumber("exclusiveMaximum");
            max = lesser(max, ceiling(value).subtract(BigInteger.ONE));
        }
        BigInteger limit = BigInteger.valueOf(MAX_INTEGER);
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw invalid("no integer is at least " + min + " and at most " + max);
        }
        if ((min != null && min.compareTo(limit) > 0) || (max != null && max.compareTo(limit.negate()) < 0)) {
            throw invalid("integer bounds beyond " + MAX_INTEGER + " in magnitude are not supported (integers are"
                    + " generated with at most 16 digits)");
        }
        long lo = min == null || min.compareTo(limit.negate()) < 0 ? Long.MIN_VALUE : min.longValueExact();
        long hi = max == null || max.compareTo(limit) > 0 ? Long.MAX_VALUE : max.longValueExact();
        if (lo >= WIDE && hi == Long.MAX_VALUE) {
            hi = MAX_INTEGER;
        } else if (hi <= -WIDE && lo == Long.MIN_VALUE) {
            lo = -MAX_INTEGER;
        }
        return new long[] {lo, hi};
    }

    /**
     * {min, max} of a count such as minItems and maxItems: {0, Integer.MAX_VALUE} when absent, fractions rounded
     * inwards, counts past the int range clamped to it.
     */
    static int[] count(Json schema, String minKey, String maxKey) {
        long min = 0;
        long max = Integer.MAX_VALUE;
        if (schema.contains(minKey)) {
            min = clamp(ceiling(schema.get(minKey).toNumber(minKey)), minKey);
        }
        if (schema.contains(maxKey)) {
            max = clamp(floor(schema.get(maxKey).toNumber(maxKey)), maxKey);
        }
        if (min > max) {
            throw invalid(minKey + " (" + min + ") is greater than " + maxKey + " (" + max + ")");
        }
        return new int[] {(int) min, (int) max};
    }

    private static long clamp(BigInteger value, String what) {
        if (value.signum() < 0) {
            throw invalid(what + " must not be negative, but is " + value);
        }
        return value.min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
    }

    private static BigInteger floor(BigDecimal value) {
        return value.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    private static BigInteger ceiling(BigDecimal value) {
        return value.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }

    private static BigInteger greater(BigInteger a, BigInteger b) {
        return a == null ? b : a.max(b);
    }

    private static BigInteger lesser(BigInteger a, BigInteger b) {
        return a == null ? b : a.min(b);
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("JSON schema conversion failed: " + message, null);
    }
}
