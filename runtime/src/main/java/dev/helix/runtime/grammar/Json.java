package dev.helix.runtime.grammar;

import dev.helix.provider.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed schema with the semantics of llama.cpp's {@code nlohmann::ordered_json}: object keys keep their
 * written order, and {@link #contains}, iteration, {@code get<int>()} and {@link #dump} behave as the C++ does,
 * including on values of an unexpected type. Strings and keys hold UTF-8 bytes, one byte per char (see
 * {@link Utf8}), because the converter works on bytes.
 */
sealed interface Json {

    record Obj(Map<String, Json> members) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** A copy with {@code key} set; an existing key keeps its position, as in ordered_json. */
        Obj with(String key, Json value) {
            LinkedHashMap<String, Json> copy = new LinkedHashMap<>(members);
            copy.put(key, value);
            return new Obj(copy);
        }
    }

    record Arr(List<Json> elements) implements Json {
        public Arr {
            elements = List.copyOf(elements);
        }
    }

    /** A string of UTF-8 bytes, one per char. */
    record Str(String bytes) implements Json {}

    /** An integer; {@code unsigned} marks values nlohmann stores as uint64 (all non-negative ones). */
    record Int(long value, boolean unsigned) implements Json {}

    record Real(double value) implements Json {}

    record Bool(boolean value) implements Json {}

    record Null() implements Json {}

    Null NULL = new Null();

    default boolean isObject() {
        return this instanceof Obj;
    }

    default boolean contains(String key) {
        return this instanceof Obj o && o.members().containsKey(key);
    }

    /** The member {@code key}, or null JSON when absent (callers check {@link #contains} first, as the C++ does). */
    default Json get(String key) {
        return this instanceof Obj o ? o.members().getOrDefault(key, NULL) : NULL;
    }

    /** {@code json.empty()}: null, and an empty object or array. */
    default boolean isEmpty() {
        return switch (this) {
            case Null n -> true;
            case Obj o -> o.members().isEmpty();
            case Arr a -> a.elements().isEmpty();
            default -> false;
        };
    }

    default boolean isString(String text) {
        return this instanceof Str s && s.bytes().equals(text);
    }

    /** A range-for over the value: array elements, object values, nothing for null, else the value itself. */
    default List<Json> elements() {
        return switch (this) {
            case Arr a -> a.elements();
            case Obj o -> List.copyOf(o.members().values());
            case Null n -> List.of();
            default -> List.of(this);
        };
    }

    /** {@code json.items()}: keys for objects, indexes for arrays, "" for a primitive, nothing for null. */
    default List<Map.Entry<String, Json>> items() {
        List<Map.Entry<String, Json>> result = new ArrayList<>();
        switch (this) {
            case Obj o -> result.addAll(o.members().entrySet());
            case Arr a -> {
                for (int i = 0; i < a.elements().size(); i++) {
                    result.add(Map.entry(Integer.toString(i), a.elements().get(i)));
                }
            }
            case Null n -> { }
            default -> result.add(Map.entry("", this));
        }
        return result;
    }

    default String typeName() {
        return switch (this) {
            case Obj o -> "object";
            case Arr a -> "array";
            case Str s -> "string";
            case Int i -> "number";
            case Real r -> "number";
            case Bool b -> "boolean";
            case Null n -> "null";
        };
    }

    /**
     * {@code get<int>()}: integers keep their low 32 bits, doubles truncate (out of range becomes INT_MIN, as
     * x86's cvttsd2si gives), booleans are 0 or 1; anything else is nlohmann's type_error.302.
     */
    default int toInt(String what) {
        return switch (this) {
            case Int i -> (int) i.value();
            case Real r -> {
                double t = r.value();
                yield Double.isNaN(t) || t <= -2147483649.0 || t >= 2147483648.0 ? Integer.MIN_VALUE : (int) t;
            }
            case Bool b -> b.value() ? 1 : 0;
            default -> throw typeError("number", what);
        };
    }

    /**
     * The exact value of a number (booleans as 0 and 1, as {@link #toInt} reads them), or nlohmann's
     * type_error.302: for bounds that must not wrap at 32 bits.
     */
    default BigDecimal toNumber(String what) {
        return switch (this) {
            case Int i -> i.unsigned()
                    ? new BigDecimal(Long.toUnsignedString(i.value()))
                    : BigDecimal.valueOf(i.value());
            case Real r -> new BigDecimal(r.value());
            case Bool b -> b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
            default -> throw typeError("number", what);
        };
    }

    /** {@code get<std::string>()}, or nlohmann's type_error.302. */
    default String toStr(String what) {
        if (this instanceof Str s) {
            return s.bytes();
        }
        throw typeError("string", what);
    }

    /** {@code get<std::vector<json>>()}, or nlohmann's type_error.302. */
    default List<Json> toList(String what) {
        if (this instanceof Arr a) {
            return a.elements();
        }
        throw typeError("array", what);
    }

    private InvalidRequestException typeError(String expected, String what) {
        return new InvalidRequestException("JSON schema conversion failed: type must be " + expected + ", but is "
                + typeName() + " (" + Utf8.decode(what) + ")", null);
    }

    /** {@code json.dump()}: compact, UTF-8 kept as is, control characters escaped. */
    default String dump() {
        StringBuilder out = new StringBuilder();
        dumpTo(out);
        return out.toString();
    }

    private void dumpTo(StringBuilder out) {
        switch (this) {
            case Obj o -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Json> member : o.members().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    dumpString(member.getKey(), out);
                    out.append(':');
                    member.getValue().dumpTo(out);
                }
                out.append('}');
            }
            case Arr a -> {
                out.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    a.elements().get(i).dumpTo(out);
                }
                out.append(']');
            }
            case Str s -> dumpString(s.bytes(), out);
            case Int i -> out.append(i.unsigned() ? Long.toUnsignedString(i.value()) : Long.toString(i.value()));
            case Real r -> out.append(Grisu2.format(r.value()));
            case Bool b -> out.append(b.value());
            case Null n -> out.append("null");
        }
    }

    /** {@code json(text).dump()} for a string of UTF-8 bytes. */
    static String quote(String bytes) {
        StringBuilder out = new StringBuilder(bytes.length() + 2);
        dumpString(bytes, out);
        return out.toString();
    }

    private static void dumpString(String bytes, StringBuilder out) {
        JsonEscapes.dump(bytes, out);
    }
}
