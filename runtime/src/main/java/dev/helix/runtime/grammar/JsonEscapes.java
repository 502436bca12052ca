package dev.helix.runtime.grammar;

/**
 * A JSON string as nlohmann's {@code dump()} writes it, which llama.cpp's schema converter and its templates'
 * {@code tojson} both use: the short escapes, other control characters as lowercase {@code u00xx} escapes, everything
 * else as is.
 */
public final class JsonEscapes {
    private JsonEscapes() {
    }

    /** Appends {@code text} quoted and escaped. */
    public static void dump(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
