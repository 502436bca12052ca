package dev.helix.server.ollama.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and actions as Go's text/template lexer does: {@code {{- } and {@code -}}} (a dash and a
 * space) trim the spaces, tabs and newlines beside them, {@code {{/* *\/}}} is a comment, and an action ends at the
 * first {@code }}} outside a quoted string. One pass over the text.
 */
final class Lexer {
    /** Text between actions, with trim markers applied. */
    record Text(String text) {}

    /** An action's tokens; {@code at} is where its {@code {{} is. */
    record Action(List<Token> tokens, int at) {}

    private final String src;
    private int pos;

    private Lexer(String src) {
        this.src = src;
    }

    /** Text and Action items in order; comments leave nothing. */
    static List<Object> items(String template) {
        return new Lexer(template).run();
    }

    private List<Object> run() {
        var items = new ArrayList<Object>();
        int lastClose = src.lastIndexOf("}}");
        boolean trimNext = false;
        int textStart = 0;
        while (true) {
            int open = src.indexOf("{{", pos);
            if (open < 0) {
                String rest = src.substring(textStart);
                items.add(new Text(trimNext ? trimLeft(rest) : rest));
                return items;
            }
            if (lastClose < open + 2) {
                throw new TemplateError("{{ at character " + open + " is never closed with }}");
            }
            pos = open + 2;
            boolean trimBefore = pos + 1 < src.length() && src.charAt(pos) == '-' && isSpace(src.charAt(pos + 1));
            if (trimBefore) {
                pos += 2;
            }
            String text = src.substring(textStart, open);
            text = trimNext ? trimLeft(text) : text;
            items.add(new Text(trimBefore ? trimRight(text) : text));
            skipSpaces();
            boolean comment = src.startsWith("/*", pos);
            List<Token> tokens = List.of();
            if (comment) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new TemplateError("unclosed comment at character " + open);
                }
                pos = end + 2;
            } else {
                tokens = tokens(open);
            }
            trimNext = closeAction(open);
            if (!comment && tokens.isEmpty()) {
                throw new TemplateError("missing value for command at character " + open);
            }
            if (!comment) {
                items.add(new Action(tokens, open));
            }
            textStart = pos;
        }
    }

    /** Consumes {@code }}} or {@code -}}}; returns whether it trims the text after it. */
    private boolean closeAction(int open) {
        skipSpaces();
        boolean trim = false;
        if (src.startsWith("-}}", pos) && pos > 0 && isSpace(src.charAt(pos - 1))) {
            trim = true;
            pos++;
        }
        if (!src.startsWith("}}", pos)) {
            throw new TemplateError("unexpected \"" + (pos < src.length() ? src.charAt(pos) : ' ')
                    + "\" in the action at character " + open);
        }
        pos += 2;
        return trim;
    }

    private List<Token> tokens(int open) {
        var tokens = new ArrayList<Token>();
        while (true) {
            skipSpaces();
            if (pos >= src.length()) {
                throw new TemplateError("{{ at character " + open + " is never closed with }}");
            }
            char c = src.charAt(pos);
            if (src.startsWith("}}", pos) || (c == '-' && src.startsWith("-}}", pos) && isSpace(src.charAt(pos - 1)))) {
                return tokens;
            }
            switch (c) {
                case '(' -> single(tokens, Token.Kind.LEFT_PAREN, "(");
                case ')' -> {
                    single(tokens, Token.Kind.RIGHT_PAREN, ")");
                    if (pos < src.length() && src.charAt(pos) == '.' && isIdentStart(peek(1))) {
                        tokens.add(new Token(Token.Kind.CHAIN, ".", null, fields()));
                    }
                }
                case '|' -> single(tokens, Token.Kind.PIPE, "|");
                case ',' -> single(tokens, Token.Kind.COMMA, ",");
                case '=' -> single(tokens, Token.Kind.ASSIGN, "=");
                case ':' -> {
                    if (peek(1) != '=') {
                        throw new TemplateError("expected := at character " + pos);
                    }
                    pos += 2;
                    tokens.add(Token.of(Token.Kind.DECLARE, ":="));
                }
                case '"', '`' -> tokens.add(new Token(Token.Kind.STRING, "string", string(c), List.of()));
                case '$' -> {
                    int start = pos++;
                    while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                        pos++;
                    }
                    String name = src.substring(start, pos);
                    tokens.add(new Token(Token.Kind.VARIABLE, name, null,
                            pos < src.length() && src.charAt(pos) == '.' && isIdentStart(peek(1)) ? fields() : List.of()));
                }
                case '.' -> {
                    if (isIdentStart(peek(1))) {
                        tokens.add(new Token(Token.Kind.FIELD, ".", null, fields()));
                    } else if (Character.isDigit(peek(1))) {
                        tokens.add(number());
                    } else {
                        single(tokens, Token.Kind.DOT, ".");
                    }
                }
                default -> {
                    if (Character.isDigit(c) || ((c == '-' || c == '+') && Character.isDigit(peek(1)))) {
                        tokens.add(number());
                    } else if (isIdentStart(c)) {
                        int start = pos;
                        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                            pos++;
                        }
                        tokens.add(Token.of(Token.Kind.IDENTIFIER, src.substring(start, pos)));
                    } else {
                        throw new TemplateError("unexpected \"" + c + "\" in the action at character " + open);
                    }
                }
            }
        }
    }

    private void single(List<Token> tokens, Token.Kind kind, String text) {
        pos++;
        tokens.add(Token.of(kind, text));
    }

    /** {@code .A.B.C} from the dot at pos. */
    private List<String> fields() {
        var path = new ArrayList<String>();
        while (pos < src.length() && src.charAt(pos) == '.' && isIdentStart(peek(1))) {
            int start = ++pos;
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            path.add(src.substring(start, pos));
        }
        return path;
    }

    private Token number() {
        int start = pos;
        if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
            pos++;
        }
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                || src.charAt(pos) == '_' || ((src.charAt(pos) == '-' || src.charAt(pos) == '+')
                && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        String text = src.substring(start, pos);
        try {
            String digits = text.replace("_", "");
            if (digits.matches("[+-]?\\d+")) {
                return new Token(Token.Kind.NUMBER, text, Long.parseLong(digits), List.of());
            }
            if (digits.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                boolean negative = digits.startsWith("-");
                long v = Long.parseLong(digits.replaceFirst("[+-]?0[xX]", ""), 16);
                return new Token(Token.Kind.NUMBER, text, negative ? -v : v, List.of());
            }
            return new Token(Token.Kind.NUMBER, text, Double.parseDouble(digits), List.of());
        } catch (NumberFormatException e) {
            throw new TemplateError("bad number syntax: \"" + text + "\"");
        }
    }

    /** A quoted string (Go escapes) or a raw string in backquotes. */
    private String string(char quote) {
        int start = pos++;
        var out = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (quote == '"' && c == '\n') {
                break;
            }
            if (quote == '"' && c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    case '\'' -> out.append('\'');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case 'x', 'u', 'U' -> {
                        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (pos + n > src.length()) {
                            throw new TemplateError("bad escape in string at character " + start);
                        }
                        try {
                            out.appendCodePoint(Integer.parseInt(src.substring(pos, pos + n), 16));
                        } catch (IllegalArgumentException ex) {
                            throw new TemplateError("bad escape in string at character " + start);
                        }
                        pos += n;
                    }
                    default -> throw new TemplateError("unknown escape \\" + e + " in string at character " + start);
                }
            } else {
                out.append(c);
            }
        }
        throw new TemplateError("unterminated string at character " + start);
    }

    private char peek(int ahead) {
        return pos + ahead < src.length() ? src.charAt(pos + ahead) : '\0';
    }

    private void skipSpaces() {
        while (pos < src.length() && isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String trimRight(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
