package dev.helix.runtime.grammar;

import java.nio.charset.StandardCharsets;

/**
 * The converter works on UTF-8 bytes, as llama.cpp's does on {@code std::string}: a regex quantifier after "é"
 * repeats its last byte, and the property-name trie branches per byte. Such text is held in a String with one
 * char (0-255) per byte, and decoded once at the end the way the JNI binding decodes llama.cpp's output.
 */
final class Utf8 {
    private Utf8() {}

    /** The UTF-8 bytes of text, one per char. */
    static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Text from UTF-8 bytes held one per char; malformed sequences become U+FFFD. */
    static String decode(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
