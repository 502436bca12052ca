package dev.helix.providers.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an answer to one probe must look like. Pointers are JSON Pointers ({@code /data}, {@code /detail/error/code}).
 */
public sealed interface Answer permits Answer.Status, Answer.Exists, Answer.Text, Answer.Contains, Answer.JsonText,
        Answer.JsonPresent, Answer.SomeEntry, Answer.Entries, Answer.Header, Answer.AllOf {

    boolean matches(Reply reply);

    /** Words for logs and evidence: what was expected. */
    String describe();

    /** HTTP 200 and everything else given. */
    static Answer ok(Answer... also) {
        return new AllOf(Stream.concat(Stream.of(new Status(200)), Arrays.stream(also)).toList());
    }

    /** Exactly this status. */
    record Status(int code) implements Answer {
        @Override
        public boolean matches(Reply reply) {
            return reply.status() == code;
        }

        @Override
        public String describe() {
            return "status " + code;
        }
    }

    /** The path exists: anything but 404 and 405 (a 400, 401 or 503 means a handler is there). */
    record Exists() implements Answer {
        @Override
        public boolean matches(Reply reply) {
            return reply.status() != 404 && reply.status() != 405;
        }

        @Override
        public String describe() {
            return "a route";
        }
    }

    /** The body, trimmed, is exactly this text. */
    record Text(String exact) implements Answer {
        public Text {
            Objects.requireNonNull(exact, "exact");
        }

        @Override
        public boolean matches(Reply reply) {
            return reply.body().strip().equals(exact);
        }

        @Override
        public String describe() {
            return "text \"" + exact + "\"";
        }
    }

    /** The body contains this text. */
    record Contains(String fragment) implements Answer {
        public Contains {
            Objects.requireNonNull(fragment, "fragment");
        }

        @Override
        public boolean matches(Reply reply) {
            return reply.body().contains(fragment);
        }

        @Override
        public String describe() {
            return "a body with \"" + fragment + "\"";
        }
    }

    /** A JSON string at the pointer with this value. */
    record JsonText(String pointer, String value) implements Answer {
        public JsonText {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean matches(Reply reply) {
            JsonNode node = reply.json().at(pointer);
            return node.isTextual() && node.asText().equals(value);
        }

        @Override
        public String describe() {
            return pointer + " = \"" + value + "\"";
        }
    }

    /** Any JSON value (not null) at the pointer. */
    record JsonPresent(String pointer) implements Answer {
        public JsonPresent {
            Objects.requireNonNull(pointer, "pointer");
        }

        @Override
        public boolean matches(Reply reply) {
            JsonNode node = reply.json().at(pointer);
            return !node.isMissingNode() && !node.isNull();
        }

        @Override
        public String describe() {
            return pointer + " present";
        }
    }

    /** Some element of the array at the pointer has {@code field} equal to {@code value}. */
    record SomeEntry(String array, String field, String value) implements Answer {
        @Override
        public boolean matches(Reply reply) {
            return entries(reply, array).anyMatch(e -> e.path(field).isTextual() && e.path(field).asText().equals(value));
        }

        @Override
        public String describe() {
            return "an entry of " + array + " with " + field + " = \"" + value + "\"";
        }
    }

    /** How many elements of an array an {@link Entries} answer speaks of. */
    enum Quantity { SOME, EVERY, NONE }

    /**
     * There is an array at the pointer, and some, every or none of its elements has {@code field} (EVERY holds for
     * an empty array; SOME does not).
     */
    record Entries(Quantity quantity, String array, String field) implements Answer {
        public Entries {
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(array, "array");
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean matches(Reply reply) {
            if (!reply.json().at(array).isArray()) {
                return false;
            }
            Stream<JsonNode> entries = entries(reply, array);
            return switch (quantity) {
                case SOME -> entries.anyMatch(e -> e.hasNonNull(field));
                case EVERY -> entries.allMatch(e -> e.hasNonNull(field));
                case NONE -> entries.noneMatch(e -> e.has(field));
            };
        }

        @Override
        public String describe() {
            return "an array " + array + " with " + quantity.name().toLowerCase(Locale.ROOT)
                    + " entries having " + field;
        }
    }

    /** The reply carries this header. */
    record Header(String name) implements Answer {
        @Override
        public boolean matches(Reply reply) {
            return reply.header(name).isPresent();
        }

        @Override
        public String describe() {
            return "header " + name;
        }
    }

    /** All of these. */
    record AllOf(List<Answer> all) implements Answer {
        public AllOf {
            all = List.copyOf(all);
        }

        @Override
        public boolean matches(Reply reply) {
            return all.stream().allMatch(a -> a.matches(reply));
        }

        @Override
        public String describe() {
            return all.stream().map(Answer::describe).collect(Collectors.joining(", "));
        }
    }

    private static Stream<JsonNode> entries(Reply reply, String pointer) {
        JsonNode node = reply.json().at(pointer);
        if (!node.isArray()) {
            return Stream.empty();
        }
        Stream.Builder<JsonNode> items = Stream.builder();
        node.forEach(items::add);
        return items.build().filter(JsonNode::isObject);
    }
}
