package dev.helix.server.ollama.gotemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A template in Go's text/template language, as Ollama's models carry them: parsed once, executed over data made of
 * strings, numbers, bools, lists, maps and {@link GoStruct}s. Covers what Ollama's library templates use: text and
 * trim markers, comments, {@code if/else if/else}, {@code range} (index and element variables, else, break,
 * continue), {@code with}, variables declared and assigned, pipelines, parenthesized groups, and the functions
 * {@code and or not eq ne lt le gt ge len index slice print printf println json currentDate yesterdayDate}. Nothing
 * else is half-rendered: the rest is refused with a {@link TemplateError} when parsed.
 */
public final class GoTextTemplate {
    /** How deep if, range and with blocks (and parentheses) may nest. */
    public static final int MAX_DEPTH = 64;
    /** Most characters an execution may write. */
    public static final int MAX_OUTPUT = 16 << 20;

    private final List<Node> nodes;

    private GoTextTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** @throws TemplateError when it is not a template this interpreter executes faithfully */
    public static GoTextTemplate parse(String text) {
        return new GoTextTemplate(Parser.parse(text));
    }

    /** @throws TemplateError as Go's Execute fails: a missing struct field, a bad comparison, an index out of range */
    public String execute(Object data, Clock clock) {
        return new Exec(data, new Builtins(clock), MAX_OUTPUT).run(nodes, data);
    }

    /** Whether any field or variable path names {@code field} (case-insensitive), as Ollama's {@code Vars()} lists. */
    public boolean mentions(String field) {
        return mentions(nodes, field.toLowerCase(Locale.ROOT));
    }

    /**
     * The template without everything after the first {@code .Field} action: Ollama renders a conversation's last turn
     * so, leaving the answer open ({@code template.go}'s {@code deleteNode} over the parse tree: conditions are not
     * looked into, and what follows the field in its own and enclosing lists goes).
     */
    public GoTextTemplate cutAfter(String field) {
        boolean[] cut = {false};
        return new GoTextTemplate(cut(nodes, field, cut));
    }

    private static List<Node> cut(List<Node> nodes, String field, boolean[] cut) {
        var kept = new ArrayList<Node>();
        for (Node node : nodes) {
            if (cut[0]) {
                break;
            }
            kept.add(switch (node) {
                case Node.Output o -> {
                    o.pipeline().commands().forEach(c -> c.operands().forEach(op -> cut(op, field, cut)));
                    yield o;
                }
                case Node.If i -> new Node.If(i.conditions(), i.branches().stream().map(b -> cut(b, field, cut)).toList(),
                        cut(i.otherwise(), field, cut));
                case Node.With w -> new Node.With(w.pipeline(), cut(w.body(), field, cut), cut(w.otherwise(), field, cut));
                case Node.Range r -> new Node.Range(r.pipeline(), cut(r.body(), field, cut),
                        cut(r.otherwise(), field, cut));
                default -> node;
            });
        }
        return kept;
    }

    private static void cut(Node.Operand operand, String field, boolean[] cut) {
        if (operand instanceof Node.Field f && f.path().contains(field)) {
            cut[0] = true;
        } else if (operand instanceof Node.Group g) {
            g.pipeline().commands().forEach(c -> c.operands().forEach(op -> cut(op, field, cut)));
        }
    }

    private static boolean mentions(List<Node> nodes, String field) {
        for (Node node : nodes) {
            boolean found = switch (node) {
                case Node.Output o -> mentions(o.pipeline(), field);
                case Node.If i -> i.conditions().stream().anyMatch(p -> mentions(p, field))
                        || i.branches().stream().anyMatch(b -> mentions(b, field)) || mentions(i.otherwise(), field);
                case Node.With w -> mentions(w.pipeline(), field) || mentions(w.body(), field)
                        || mentions(w.otherwise(), field);
                case Node.Range r -> mentions(r.pipeline(), field) || mentions(r.body(), field)
                        || mentions(r.otherwise(), field);
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(Node.Pipeline p, String field) {
        for (Node.Command c : p.commands()) {
            for (Node.Operand op : c.operands()) {
                boolean found = switch (op) {
                    case Node.Field f -> f.path().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(field));
                    case Node.Variable v -> v.path().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(field));
                    case Node.Group g -> mentions(g.pipeline(), field)
                            || g.path().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(field));
                    default -> false;
                };
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }
}
