package dev.helix.server.ollama.gotemplate;

import java.util.List;

/**
 * One lexeme inside an action.
 *
 * @param kind  what it is
 * @param text  an identifier's or variable's name ({@code $} alone for the root), else the source text
 * @param value a string's or number's value, else null
 * @param path  the field names that follow it ({@code .Function.Name}: [Function, Name]), else empty
 */
record Token(Kind kind, String text, Object value, List<String> path) {
    enum Kind { IDENTIFIER, FIELD, VARIABLE, DOT, STRING, NUMBER, LEFT_PAREN, RIGHT_PAREN, CHAIN, PIPE, DECLARE, ASSIGN,
        COMMA }

    Token {
        path = List.copyOf(path);
    }

    static Token of(Kind kind, String text) {
        return new Token(kind, text, null, List.of());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FIELD, CHAIN -> "." + String.join(".", path);
            case VARIABLE -> text + (path.isEmpty() ? "" : "." + String.join(".", path));
            default -> text;
        };
    }
}
