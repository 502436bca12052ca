package dev.helix.server.ollama.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the items of {@link Lexer} into {@link Node}s: if/else if/else, range (with else, break and continue), with,
 * variables declared and assigned, pipelines, parenthesized groups, and calls of the functions {@link Builtins} knows.
 * {@code define}, {@code template} and {@code block} are refused. Blocks and groups nest at most {@link #MAX_DEPTH}
 * deep, so no template can overflow the stack.
 */
final class Parser {
    static final int MAX_DEPTH = GoTextTemplate.MAX_DEPTH;

    private final List<Object> items;
    private int at;

    private Parser(List<Object> items) {
        this.items = items;
    }

    static List<Node> parse(String template) {
        var parser = new Parser(Lexer.items(template));
        List<Node> nodes = parser.list(0);
        if (parser.at < parser.items.size()) {
            Lexer.Action action = (Lexer.Action) parser.items.get(parser.at);
            throw new TemplateError("unexpected {{ " + keyword(action) + " }} at character " + action.at());
        }
        return nodes;
    }

    /** Nodes up to an {@code end} or {@code else} (left for the caller) or the end of the template. */
    private List<Node> list(int depth) {
        if (depth > MAX_DEPTH) {
            throw new TemplateError("{{ if }}, {{ range }} and {{ with }} blocks nest deeper than " + MAX_DEPTH);
        }
        var nodes = new ArrayList<Node>();
        while (at < items.size()) {
            Object item = items.get(at);
            if (item instanceof Lexer.Text text) {
                at++;
                if (!text.text().isEmpty()) {
                    nodes.add(new Node.Text(text.text()));
                }
                continue;
            }
            var action = (Lexer.Action) item;
            String keyword = keyword(action);
            if (keyword.equals("end") || keyword.equals("else")) {
                if (depth == 0) {
                    throw new TemplateError("unexpected {{ " + keyword + " }} at character " + action.at());
                }
                return nodes;
            }
            at++;
            List<Token> rest = action.tokens().subList(1, action.tokens().size());
            switch (keyword) {
                case "if" -> nodes.add(ifNode(action, rest, depth));
                case "with" -> {
                    Node.Pipeline pipeline = pipeline(rest, action, false, 0);
                    List<Node> body = list(depth + 1);
                    nodes.add(new Node.With(pipeline, body, elseAndEnd(action, depth)));
                }
                case "range" -> {
                    Node.Pipeline pipeline = pipeline(rest, action, true, 0);
                    List<Node> body = list(depth + 1);
                    nodes.add(new Node.Range(pipeline, body, elseAndEnd(action, depth)));
                }
                case "break", "continue" -> {
                    if (!rest.isEmpty()) {
                        throw new TemplateError("unexpected " + rest.get(0) + " in {{ " + keyword + " }}");
                    }
                    nodes.add(new Node.Jump(keyword.equals("break")));
                }
                case "define", "template", "block" -> throw new TemplateError("{{ " + keyword + " }} is not supported "
                        + "(at character " + action.at() + ")");
                default -> nodes.add(new Node.Output(pipeline(action.tokens(), action, false, 0)));
            }
        }
        return nodes;
    }

    private Node ifNode(Lexer.Action action, List<Token> condition, int depth) {
        var conditions = new ArrayList<Node.Pipeline>();
        var branches = new ArrayList<List<Node>>();
        conditions.add(pipeline(condition, action, false, 0));
        branches.add(list(depth + 1));
        while (true) {
            var next = expectElseOrEnd(action);
            at++;
            if (keyword(next).equals("end")) {
                return new Node.If(conditions, branches, List.of());
            }
            List<Token> tokens = next.tokens();
            if (tokens.size() > 1 && tokens.get(1).kind() == Token.Kind.IDENTIFIER && tokens.get(1).text().equals("if")) {
                conditions.add(pipeline(tokens.subList(2, tokens.size()), next, false, 0));
                branches.add(list(depth + 1));
                continue;
            }
            List<Node> otherwise = list(depth + 1);
            var end = expectElseOrEnd(action);
            if (!keyword(end).equals("end")) {
                throw new TemplateError("{{ else }} after {{ else }} at character " + end.at());
            }
            at++;
            return new Node.If(conditions, branches, otherwise);
        }
    }

    /** After a with or range body: an optional else part, then end. */
    private List<Node> elseAndEnd(Lexer.Action opening, int depth) {
        var next = expectElseOrEnd(opening);
        at++;
        if (keyword(next).equals("end")) {
            return List.of();
        }
        if (next.tokens().size() > 1) {
            throw new TemplateError("unexpected " + next.tokens().get(1) + " after {{ else }} at character " + next.at());
        }
        List<Node> otherwise = list(depth + 1);
        var end = expectElseOrEnd(opening);
        if (!keyword(end).equals("end")) {
            throw new TemplateError("{{ else }} after {{ else }} at character " + end.at());
        }
        at++;
        return otherwise;
    }

    private Lexer.Action expectElseOrEnd(Lexer.Action opening) {
        if (at >= items.size()) {
            throw new TemplateError("{{ " + keyword(opening) + " }} at character " + opening.at() + " has no {{ end }}");
        }
        var next = (Lexer.Action) items.get(at);
        if (keyword(next).equals("else") && next.tokens().size() > 1
                && !(next.tokens().get(1).kind() == Token.Kind.IDENTIFIER && next.tokens().get(1).text().equals("if"))) {
            throw new TemplateError("{{ else " + next.tokens().get(1) + " }} is not supported (at character "
                    + next.at() + ")");
        }
        return next;
    }

    private static String keyword(Lexer.Action action) {
        Token first = action.tokens().get(0);
        return first.kind() == Token.Kind.IDENTIFIER ? first.text() : "";
    }

    /** [$a [, $b] (:= | =)] command (| command)*. */
    private Node.Pipeline pipeline(List<Token> tokens, Lexer.Action action, boolean inRange, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TemplateError("parentheses nest deeper than " + MAX_DEPTH);
        }
        int i = 0;
        var variables = new ArrayList<String>();
        boolean declare = false;
        int assignAt = -1;
        for (int j = 0; j < tokens.size(); j++) {
            Token.Kind k = tokens.get(j).kind();
            if (k == Token.Kind.DECLARE || k == Token.Kind.ASSIGN) {
                assignAt = j;
                break;
            }
            if (k != Token.Kind.VARIABLE && k != Token.Kind.COMMA) {
                break;
            }
        }
        if (assignAt > 0) {
            for (int j = 0; j < assignAt; j++) {
                Token t = tokens.get(j);
                boolean shouldBeVariable = j % 2 == 0;
                if (shouldBeVariable != (t.kind() == Token.Kind.VARIABLE) || (shouldBeVariable && !t.path().isEmpty())) {
                    throw new TemplateError("bad variable declaration at character " + action.at());
                }
                if (shouldBeVariable) {
                    variables.add(t.text());
                }
            }
            if (variables.size() > (inRange ? 2 : 1)) {
                throw new TemplateError("too many variables at character " + action.at());
            }
            declare = tokens.get(assignAt).kind() == Token.Kind.DECLARE;
            i = assignAt + 1;
        }
        var commands = new ArrayList<Node.Command>();
        var operands = new ArrayList<Node.Operand>();
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            switch (t.kind()) {
                case PIPE -> {
                    if (operands.isEmpty()) {
                        throw new TemplateError("missing command before | at character " + action.at());
                    }
                    commands.add(new Node.Command(List.copyOf(operands)));
                    operands.clear();
                    i++;
                }
                case LEFT_PAREN -> {
                    int close = matching(tokens, i, action);
                    Node.Pipeline inner = pipeline(tokens.subList(i + 1, close), action, false, depth + 1);
                    List<String> path = List.of();
                    if (close + 1 < tokens.size() && tokens.get(close + 1).kind() == Token.Kind.CHAIN) {
                        path = tokens.get(close + 1).path();
                        close++;
                    }
                    operands.add(new Node.Group(inner, path));
                    i = close + 1;
                }
                default -> {
                    operands.add(operand(t, action));
                    i++;
                }
            }
        }
        if (operands.isEmpty()) {
            throw new TemplateError("missing value for command at character " + action.at());
        }
        commands.add(new Node.Command(List.copyOf(operands)));
        for (Node.Command c : commands) {
            if (c.operands().size() > 1 && !(c.operands().get(0) instanceof Node.Function)) {
                throw new TemplateError("can't give argument to non-function " + describe(c.operands().get(0))
                        + " at character " + action.at());
            }
        }
        return new Node.Pipeline(List.copyOf(variables), declare, List.copyOf(commands));
    }

    private static int matching(List<Token> tokens, int open, Lexer.Action action) {
        int level = 0;
        for (int j = open; j < tokens.size(); j++) {
            Token.Kind k = tokens.get(j).kind();
            level += k == Token.Kind.LEFT_PAREN ? 1 : k == Token.Kind.RIGHT_PAREN ? -1 : 0;
            if (level == 0) {
                return j;
            }
        }
        throw new TemplateError("unclosed left paren at character " + action.at());
    }

    private static Node.Operand operand(Token t, Lexer.Action action) {
        return switch (t.kind()) {
            case DOT -> new Node.Field(List.of());
            case FIELD -> new Node.Field(t.path());
            case VARIABLE -> new Node.Variable(t.text(), t.path());
            case STRING, NUMBER -> new Node.Literal(t.value());
            case IDENTIFIER -> switch (t.text()) {
                case "true" -> new Node.Literal(Boolean.TRUE);
                case "false" -> new Node.Literal(Boolean.FALSE);
                case "nil" -> new Node.Literal(null);
                default -> {
                    if (!Builtins.has(t.text())) {
                        throw new TemplateError("function \"" + t.text() + "\" not defined");
                    }
                    yield new Node.Function(t.text());
                }
            };
            default -> throw new TemplateError("unexpected \"" + t + "\" at character " + action.at());
        };
    }

    private static String describe(Node.Operand operand) {
        return switch (operand) {
            case Node.Field f -> f.path().isEmpty() ? "." : "." + String.join(".", f.path());
            case Node.Variable v -> v.name();
            case Node.Literal l -> String.valueOf(l.value());
            case Node.Function f -> f.name();
            case Node.Group g -> "(...)";
        };
    }
}
