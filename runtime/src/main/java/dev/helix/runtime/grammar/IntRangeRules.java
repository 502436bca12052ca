/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import dev.helix.provider.InvalidRequestException;

/**
 * {@code _build_min_max_int}: the digits of integers within optional bounds, as llama.cpp b4916 builds them, but
 * on 64-bit bounds (as later llama.cpp versions do): b4916's are C ints, so large bounds wrapped. {@link
 * Long#MIN_VALUE} and {@link Long#MAX_VALUE} mean "no bound"; {@link SchemaBounds} keeps other bounds within 16
 * digits, so negating them cannot overflow.
 */
final class IntRangeRules {
    private final StringBuilder out = new StringBuilder();

    private IntRangeRules() {}

    /** The rule body (without the trailing {@code space}) for integers in [min, max]. */
    static String build(long min, long max) {
        IntRangeRules rules = new IntRangeRules();
        rules.minMax(min, max, 16, true);
        return rules.out.toString();
    }

    private void digitRange(char from, char to) {
        out.append('[').append(from);
        if (from != to) {
            out.append('-').append(to);
        }
        out.append(']');
    }

    private void moreDigits(int minDigits, int maxDigits) {
        out.append("[0-9]");
        if (minDigits == maxDigits && minDigits == 1) {
            return;
        }
        out.append('{').append(minDigits);
        if (maxDigits != minDigits) {
            out.append(',');
            if (maxDigits != Integer.MAX_VALUE) {
                out.append(maxDigits);
            }
        }
        out.append('}');
    }

    private void uniformRange(String from, String to) {
        int i = 0;
        while (i < from.length() && i < to.length() && from.charAt(i) == to.charAt(i)) {
            i++;
        }
        if (i > 0) {
            out.append('"').append(from, 0, i).append('"');
        }
        if (i >= from.length() || i >= to.length()) {
            return;
        }
        if (i > 0) {
            out.append(' ');
        }
        char fromDigit = from.charAt(i);
        char toDigit = to.charAt(i);
        int subLength = from.length() - i - 1;
        if (subLength <= 0) {
            out.append('[').append(fromDigit).append('-').append(toDigit).append(']');
            return;
        }
        String fromSub = from.substring(i + 1);
        String toSub = to.substring(i + 1);
        String subZeros = "0".repeat(subLength);
        String subNines = "9".repeat(subLength);
        boolean toReached = false;
        out.append('(');
        if (fromSub.equals(subZeros)) {
            digitRange(fromDigit, (char) (toDigit - 1));
            out.append(' ');
            moreDigits(subLength, subLength);
        } else {
            out.append('[').append(fromDigit).append("] (");
            uniformRange(fromSub, subNines);
            out.append(')');
            if (fromDigit < toDigit - 1) {
                out.append(" | ");
                if (toSub.equals(subNines)) {
                    digitRange((char) (fromDigit + 1), toDigit);
                    toReached = true;
                } else {
                    digitRange((char) (fromDigit + 1), (char) (toDigit - 1));
                }
                out.append(' ');
                moreDigits(subLength, subLength);
            }
        }
        if (!toReached) {
            out.append(" | ");
            digitRange(toDigit, toDigit);
            out.append(' ');
            uniformRange(subZeros, toSub);
        }
        out.append(')');
    }

    private void minMax(long min, long max, int decimalsLeft, boolean topLevel) {
        boolean hasMin = min != Long.MIN_VALUE;
        boolean hasMax = max != Long.MAX_VALUE;
        if (hasMin && hasMax) {
            bothBounds(min, max, decimalsLeft);
            return;
        }
        int lessDecimals = Math.max(decimalsLeft - 1, 1);
        if (hasMin) {
            lowerBound(min, decimalsLeft, lessDecimals, topLevel);
        } else if (hasMax) {
            if (max >= 0) {
                if (topLevel) {
                    out.append("\"-\" [1-9] ");
                    moreDigits(0, lessDecimals);
                    out.append(" | ");
                }
                minMax(0, max, decimalsLeft, true);
            } else {
                out.append("\"-\" (");
                minMax(-max, Long.MAX_VALUE, decimalsLeft, false);
                out.append(')');
            }
        } else {
            throw new InvalidRequestException(
                    "JSON schema conversion failed: At least one of min_value or max_value must be set", null);
        }
    }

    private void bothBounds(long min, long max, int decimalsLeft) {
        if (min < 0 && max < 0) {
            out.append("\"-\" (");
            minMax(-max, -min, decimalsLeft, true);
            out.append(')');
            return;
        }
        if (min < 0) {
            out.append("\"-\" (");
            minMax(0, -min, decimalsLeft, true);
            out.append(") | ");
            min = 0;
        }
        String minText = Long.toString(min);
        String maxText = Long.toString(max);
        for (int digits = minText.length(); digits < maxText.length(); digits++) {
            uniformRange(minText, "9".repeat(digits));
            minText = "1" + "0".repeat(digits);
            out.append(" | ");
        }
        uniformRange(minText, maxText);
    }

    private void lowerBound(long min, int decimalsLeft, int lessDecimals, boolean topLevel) {
        if (min < 0) {
            out.append("\"-\" (");
            minMax(Long.MIN_VALUE, -min, decimalsLeft, false);
            out.append(") | [0] | [1-9] ");
            moreDigits(0, decimalsLeft - 1);
        } else if (min == 0) {
            if (topLevel) {
                out.append("[0] | [1-9] ");
                moreDigits(0, lessDecimals);
            } else {
                moreDigits(1, decimalsLeft);
            }
        } else if (min <= 9) {
            char c = (char) ('0' + min);
            char rangeStart = topLevel ? '1' : '0';
            if (c > rangeStart) {
                digitRange(rangeStart, (char) (c - 1));
                out.append(' ');
                moreDigits(1, lessDecimals);
                out.append(" | ");
            }
            digitRange(c, '9');
            out.append(' ');
            moreDigits(0, lessDecimals);
        } else {
            String minText = Long.toString(min);
            int length = minText.length();
            char c = minText.charAt(0);
            if (c > '1') {
                digitRange(topLevel ? '1' : '0', (char) (c - 1));
                out.append(' ');
                moreDigits(length, lessDecimals);
                out.append(" | ");
            }
            digitRange(c, c);
            out.append(" (");
            minMax(Long.parseLong(minText.substring(1)), Long.MAX_VALUE, lessDecimals, false);
            out.append(')');
            if (c < '9') {
                out.append(" | ");
                digitRange((char) (c + 1), '9');
                out.append(' ');
                moreDigits(length - 1, lessDecimals);
            }
        }
    }
}
