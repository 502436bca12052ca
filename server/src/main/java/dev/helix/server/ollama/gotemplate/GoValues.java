package dev.helix.server.ollama.gotemplate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's view of the values a template works on: strings, integers ({@link Long}), floats ({@link Double}), bools, nil,
 * slices ({@link List}), maps ({@link Map}, iterated by sorted key) and structs ({@link GoStruct}): their truth, how
 * {@code fmt} prints them, how {@code encoding/json} marshals them.
 */
final class GoValues {
    private GoValues() {}

    /** text/template's truth: false, 0, nil and empty strings, slices and maps are false; structs are true. */
    static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** As {@code fmt.Sprint} prints a value (nil as text/template's {@code <no value>}). */
    static void print(Object v, StringBuilder out) {
        switch (v) {
            case null -> out.append("<no value>");
            case String s -> out.append(s);
            case Double d -> out.append(goFloat(d, true));
            case GoStruct s when s.stringer() -> out.append(json(s));
            case GoStruct s -> {
                out.append('{');
                for (int i = 0; i < s.fields().size(); i++) {
                    out.append(i == 0 ? "" : " ");
                    print(s.fields().get(i).value(), out);
                }
                out.append('}');
            }
            case List<?> l when JsonPrinted.is(l) -> out.append(json(l));
            case Map<?, ?> m when JsonPrinted.is(m) -> out.append(json(m));
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : " ");
                    print(l.get(i), out);
                }
                out.append(']');
            }
            case Map<?, ?> m -> {
                out.append("map[");
                boolean first = true;
                for (var e : sorted(m).entrySet()) {
                    out.append(first ? "" : " ").append(e.getKey()).append(':');
                    print(e.getValue(), out);
                    first = false;
                }
                out.append(']');
            }
            default -> out.append(v);
        }
    }

    static String print(Object v) {
        var out = new StringBuilder();
        print(v, out);
        return out.toString();
    }

    /** A map's entries by key, as Go iterates maps in templates. */
    static TreeMap<String, Object> sorted(Map<?, ?> m) {
        var sorted = new TreeMap<String, Object>();
        m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
        return sorted;
    }

    /** The Go type's name, for error messages. */
    static String typeName(Object v) {
        return switch (v) {
            case null -> "nil";
            case String s -> "string";
            case Long l -> "int";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case GoStruct s -> s.type();
            case List<?> l -> "[]interface {}";
            case Map<?, ?> m -> "map[string]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    /** As {@code encoding/json.Marshal}: struct fields by json tag, map keys sorted, HTML characters escaped. */
    static String json(Object v) {
        var out = new StringBuilder();
        json(v, out);
        return out.toString();
    }

    private static void json(Object v, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case String s -> quote(s, out);
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(goFloat(d, false));
            case GoStruct s -> {
                out.append('{');
                boolean first = true;
                for (GoStruct.Field f : s.fields()) {
                    if (f.omitEmpty() && empty(f.value())) {
                        continue;
                    }
                    out.append(first ? "" : ",");
                    quote(f.json(), out);
                    out.append(':');
                    json(f.value(), out);
                    first = false;
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    json(l.get(i), out);
                }
                out.append(']');
            }
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (var e : sorted(m).entrySet()) {
                    out.append(first ? "" : ",");
                    quote(e.getKey(), out);
                    out.append(':');
                    json(e.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            default -> quote(String.valueOf(v), out);
        }
    }

    /** omitempty's empty: false, 0, "", nil, empty slices and maps. */
    private static boolean empty(Object v) {
        return switch (v) {
            case null -> true;
            case GoStruct s -> false;
            default -> !truth(v);
        };
    }

    /** A JSON string as Go writes it: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped too. */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
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

    /**
     * A float64 as Go prints it: {@code fmt} ({@code %v}, shortest, exponent from 1e21 or below 1e-4) or
     * {@code encoding/json} (plain from 1e-6 to 1e21).
     */
    private static String goFloat(double d, boolean fmt) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        boolean plain = fmt ? abs >= 1e-4 && abs < 1e21 : abs >= 1e-6 && abs < 1e21;
        if (plain) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** One step of a range: an index or map key, and the element. */
    record Element(Object key, Object value) {}

    /** Elements of a slice, the values of a map by sorted key, or 0..n-1 for an integer n, as range visits them. */
    static List<Element> elements(Object v) {
        var out = new ArrayList<Element>();
        switch (v) {
            case null -> { }
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    out.add(new Element((long) i, l.get(i)));
                }
            }
            case Map<?, ?> m -> sorted(m).forEach((k, val) -> out.add(new Element(k, val)));
            case Long n -> {
                if (n > Exec.MAX_STEPS) {
                    throw new TemplateError("range over " + n + ": more than " + Exec.MAX_STEPS + " iterations");
                }
                for (long i = 0; i < n; i++) {
                    out.add(new Element(i, i));
                }
            }
            default -> throw new TemplateError("range can't iterate over " + print(v));
        }
        return out;
    }
}
