package dev.helix.runtime.tools;

/** Finds where the JSON value at the start of a text ends, counting brackets outside strings. */
final class JsonSpan {
    /** The text does not start (after whitespace) with an object or array. */
    static final int NOT_JSON = -2;
    /** The value has not closed yet. */
    static final int OPEN = -1;

    private JsonSpan() {}

    /** The index just after the value that starts the text, {@link #OPEN} or {@link #NOT_JSON}. */
    static int end(CharSequence text) {
        int i = skipSpace(text, 0);
        if (i == text.length()) {
            return OPEN;
        }
        char first = text.charAt(i);
        if (first != '{' && first != '[') {
            return NOT_JSON;
        }
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            }
        }
        return OPEN;
    }

    static int skipSpace(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The first key of the first object of a JSON text that starts with {@code {} or {@code [{}, when it is
     * already complete; "" when not yet known; null when the text cannot start with an object.
     */
    static String firstKey(CharSequence text) {
        int i = skipSpace(text, 0);
        if (i < text.length() && text.charAt(i) == '[') {
            i = skipSpace(text, i + 1);
        }
        if (i == text.length()) {
            return "";
        }
        if (text.charAt(i) != '{') {
            return null;
        }
        i = skipSpace(text, i + 1);
        if (i == text.length()) {
            return "";
        }
        if (text.charAt(i) != '"') {
            return null;
        }
        var key = new StringBuilder();
        for (int j = i + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '"') {
                return key.toString();
            }
            if (c == '\\') {
                return null; // no call key needs escapes
            }
            key.append(c);
        }
        return "";
    }
}
