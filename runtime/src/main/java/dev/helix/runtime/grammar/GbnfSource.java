/*
 * Part of the port of llama.cpp's grammar parser (src/llama-grammar.cpp), https://github.com/ggml-org/llama.cpp.
 * MIT License, Copyright (c) 2023-2024 The ggml authors; the full license text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import dev.helix.provider.InvalidRequestException;
import java.nio.charset.StandardCharsets;

/**
 * GBNF text as llama.cpp reads it: UTF-8 bytes ending at the first NUL (a C string), with the character-level
 * helpers of llama-grammar.cpp ({@code parse_space}, {@code parse_name}, {@code parse_char}, {@code decode_utf8},
 * {@code parse_hex}) working on byte offsets. Reading at the end yields 0, as at the C string's terminator.
 */
final class GbnfSource {
    private final byte[] bytes;
    private final int length;

    GbnfSource(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int end = 0;
        while (end < utf8.length && utf8[end] != 0) {
            end++;
        }
        this.length = end;
        this.bytes = new byte[end + 1];
        System.arraycopy(utf8, 0, bytes, 0, end);
    }

    /** The byte at offset as 0-255; 0 at and past the end. */
    int at(int offset) {
        return offset < length ? bytes[offset] & 0xFF : 0;
    }

    String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    static boolean isDigit(int c) {
        return '0' <= c && c <= '9';
    }

    static boolean isWordChar(int c) {
        return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '-' || isDigit(c);
    }

    /** {@code parse_space}: blanks and # comments; line breaks only where newlineOk. */
    int skipSpace(int pos, boolean newlineOk) {
        while (at(pos) == ' ' || at(pos) == '\t' || at(pos) == '#'
                || (newlineOk && (at(pos) == '\r' || at(pos) == '\n'))) {
            if (at(pos) == '#') {
                while (at(pos) != 0 && at(pos) != '\r' && at(pos) != '\n') {
                    pos++;
                }
            } else {
                pos++;
            }
        }
        return pos;
    }

    /** {@code parse_name}: the end of the name starting at pos. */
    int nameEnd(int pos) {
        int end = pos;
        while (isWordChar(at(end))) {
            end++;
        }
        if (end == pos) {
            throw error("expecting name", pos);
        }
        return end;
    }

    /** {@code parse_int}: the end of the digits starting at pos. */
    int intEnd(int pos) {
        int end = pos;
        while (isDigit(at(end))) {
            end++;
        }
        if (end == pos) {
            throw error("expecting integer", pos);
        }
        return end;
    }

    /** {@code parse_char}: one character or escape at pos, as {@code (value << 32) | end}. */
    long parseChar(int pos) {
        if (at(pos) == '\\') {
            return switch (at(pos + 1)) {
                case 'x' -> parseHex(pos + 2, 2);
                case 'u' -> parseHex(pos + 2, 4);
                case 'U' -> parseHex(pos + 2, 8);
                case 't' -> result('\t', pos + 2);
                case 'r' -> result('\r', pos + 2);
                case 'n' -> result('\n', pos + 2);
                case '\\', '"', '[', ']' -> result(at(pos + 1), pos + 2);
                default -> throw error("unknown escape", pos);
            };
        } else if (at(pos) != 0) {
            return decodeUtf8(pos);
        }
        throw error("unexpected end of input", pos);
    }

    static int charValue(long parsed) {
        return (int) (parsed >>> 32);
    }

    static int charEnd(long parsed) {
        return (int) parsed;
    }

    private static long result(int value, int end) {
        return ((long) value << 32) | end;
    }

    /** {@code decode_utf8}: assumes valid UTF-8, but stops at the terminator. */
    private long decodeUtf8(int pos) {
        int first = at(pos);
        int len = switch (first >> 4) {
            case 0xC, 0xD -> 2;
            case 0xE -> 3;
            case 0xF -> 4;
            default -> 1;
        };
        int value = first & ((1 << (8 - len)) - 1);
        int end = pos + len;
        int p = pos + 1;
        for (; p < end && at(p) != 0; p++) {
            value = (value << 6) + (at(p) & 0x3F);
        }
        return result(value, p);
    }

    private long parseHex(int pos, int size) {
        int end = pos + size;
        int value = 0;
        int p = pos;
        for (; p < end && at(p) != 0; p++) {
            value <<= 4;
            int c = at(p);
            if ('a' <= c && c <= 'f') {
                value += c - 'a' + 10;
            } else if ('A' <= c && c <= 'F') {
                value += c - 'A' + 10;
            } else if ('0' <= c && c <= '9') {
                value += c - '0';
            } else {
                break;
            }
        }
        if (p != end) {
            throw error("expecting " + size + " hex chars", pos);
        }
        return result(value, p);
    }

    /**
     * An error in llama.cpp's words, located the way llama.cpp does it (the text from pos on), but as a line and
     * column with a short excerpt instead of the whole rest of the grammar.
     */
    InvalidRequestException error(String message, int pos) {
        String at = pos >= length && message.endsWith("end of input") ? "" : " at " + where(pos);
        return new InvalidRequestException("invalid grammar: " + message + at, null);
    }

    /** "line L, column C" (1-based, columns in characters) and up to 20 characters from pos, or "end of input". */
    String where(int pos) {
        if (pos >= length) {
            return "end of input";
        }
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = text(lineStart, pos);
        int column = before.codePointCount(0, before.length()) + 1;
        String rest = text(pos, length);
        int lineEnd = rest.indexOf('\n');
        String excerpt = lineEnd < 0 ? rest : rest.substring(0, lineEnd);
        if (excerpt.codePointCount(0, excerpt.length()) > 20) {
            excerpt = excerpt.substring(0, excerpt.offsetByCodePoints(0, 20)) + "...";
        }
        return "line " + line + ", column " + column + ": " + Utf8.decode(Json.quote(Utf8.bytes(excerpt)));
    }
}
