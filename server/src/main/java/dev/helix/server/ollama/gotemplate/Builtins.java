package dev.helix.server.ollama.gotemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The functions of Go's text/template that Ollama's templates call ({@code and or not eq ne lt le gt ge len index
 * slice print printf println}) and Ollama's own ({@code json}, {@code currentDate}, {@code yesterdayDate}). {@code and}
 * and {@code or} stop at the first argument that decides, as Go's do since 1.18.
 */
final class Builtins {
    private static final Set<String> NAMES = Set.of("and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len",
            "index", "slice", "print", "printf", "println", "json", "currentDate", "yesterdayDate");

    private final Clock clock;

    Builtins(Clock clock) {
        this.clock = clock;
    }

    static boolean has(String name) {
        return NAMES.contains(name);
    }

    Object call(String name, List<Supplier<Object>> args) {
        switch (name) {
            case "and", "or" -> {
                if (args.isEmpty()) {
                    throw new TemplateError(name + ": wrong number of args: want at least 1 got 0");
                }
                Object v = null;
                for (Supplier<Object> arg : args) {
                    v = arg.get();
                    if (GoValues.truth(v) == name.equals("or")) {
                        return v;
                    }
                }
                return v;
            }
            default -> {
                return apply(name, args.stream().map(Supplier::get).toList());
            }
        }
    }

    private Object apply(String name, List<Object> a) {
        return switch (name) {
            case "not" -> !GoValues.truth(arg(name, a, 1).get(0));
            case "eq" -> {
                if (a.size() < 2) {
                    throw new TemplateError("missing argument for comparison");
                }
                for (Object other : a.subList(1, a.size())) {
                    if (compare(a.get(0), other, true) == 0) {
                        yield true;
                    }
                }
                yield false;
            }
            case "ne" -> compare(arg(name, a, 2).get(0), a.get(1), true) != 0;
            case "lt" -> compare(arg(name, a, 2).get(0), a.get(1), false) < 0;
            case "le" -> compare(arg(name, a, 2).get(0), a.get(1), false) <= 0;
            case "gt" -> compare(arg(name, a, 2).get(0), a.get(1), false) > 0;
            case "ge" -> compare(arg(name, a, 2).get(0), a.get(1), false) >= 0;
            case "len" -> length(arg(name, a, 1).get(0));
            case "index" -> index(a);
            case "slice" -> slice(a);
            case "print" -> sprint(a);
            case "println" -> String.join(" ", a.stream().map(GoValues::print).toList()) + "\n";
            case "printf" -> Printf.format(a);
            case "json" -> GoValues.json(arg(name, a, 1).get(0));
            case "currentDate" -> LocalDate.now(clock).toString();
            case "yesterdayDate" -> LocalDate.now(clock).minusDays(1).toString();
            default -> throw new TemplateError("function \"" + name + "\" not defined");
        };
    }

    private static List<Object> arg(String name, List<Object> a, int want) {
        if (a.size() != want) {
            throw new TemplateError("wrong number of args for " + name + ": want " + want + " got " + a.size());
        }
        return a;
    }

    /** fmt.Sprint: a space between operands when neither is a string. */
    private static String sprint(List<Object> a) {
        var out = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            GoValues.print(a.get(i), out);
        }
        return out.toString();
    }

    /** Go's comparison of basic kinds: integers and floats by value, strings, bools; other kinds only for (in)equality. */
    private static int compare(Object x, Object y, boolean equality) {
        if (x instanceof Number a && y instanceof Number b) {
            return a instanceof Long l && b instanceof Long m ? Long.compare(l, m)
                    : Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (x instanceof String a && y instanceof String b) {
            return a.compareTo(b);
        }
        if (x instanceof Boolean a && y instanceof Boolean b && equality) {
            return a.equals(b) ? 0 : 1;
        }
        if (equality && (x == null || y == null || (x instanceof GoStruct && y instanceof GoStruct))) {
            return Objects.equals(x, y) ? 0 : 1;
        }
        if (x != null && y != null && x.getClass() == y.getClass() && !equality) {
            throw new TemplateError("invalid type for comparison");
        }
        throw new TemplateError("incompatible types for comparison: " + GoValues.typeName(x) + " and "
                + GoValues.typeName(y));
    }

    /** Go's len: a string's bytes (UTF-8), a slice's or map's elements. */
    private static long length(Object v) {
        return switch (v) {
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case null -> throw new TemplateError("len of nil pointer");
            default -> throw new TemplateError("len of type " + GoValues.typeName(v));
        };
    }

    private static Object index(List<Object> a) {
        if (a.isEmpty()) {
            throw new TemplateError("wrong number of args for index: want at least 1 got 0");
        }
        Object v = a.get(0);
        for (Object key : a.subList(1, a.size())) {
            v = switch (v) {
                case List<?> l -> l.get(bound(key, l.size() - 1, "index"));
                case Map<?, ?> m -> m.get(key instanceof String ? key : String.valueOf(key));
                case String s -> (long) (s.getBytes(StandardCharsets.UTF_8)[bound(key, s.length() - 1, "index")] & 0xFF);
                case null -> throw new TemplateError("index of untyped nil");
                default -> throw new TemplateError("can't index item of type " + GoValues.typeName(v));
            };
        }
        return v;
    }

    private static Object slice(List<Object> a) {
        if (a.isEmpty() || a.size() > 4) {
            throw new TemplateError("wrong number of args for slice: want 1 to 4 got " + a.size());
        }
        Object v = a.get(0);
        int length = switch (v) {
            case List<?> l -> l.size();
            case String s -> s.length();
            case null -> throw new TemplateError("slice of untyped nil");
            default -> throw new TemplateError("can't slice item of type " + GoValues.typeName(v));
        };
        int from = a.size() > 1 ? bound(a.get(1), length, "slice") : 0;
        int to = a.size() > 2 ? bound(a.get(2), length, "slice") : length;
        if (from > to) {
            throw new TemplateError("invalid slice index: " + from + " > " + to);
        }
        return v instanceof String s ? s.substring(from, to) : ((List<?>) v).subList(from, to);
    }

    private static int bound(Object index, int max, String what) {
        if (!(index instanceof Long i)) {
            throw new TemplateError("cannot " + what + " with " + GoValues.typeName(index));
        }
        if (i < 0 || i > max) {
            throw new TemplateError(what + " out of range: " + i);
        }
        return (int) (long) i;
    }
}
