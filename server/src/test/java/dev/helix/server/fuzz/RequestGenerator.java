package dev.helix.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of hostile requests: a valid body with one part replaced by a value of another type, a field
 * removed or added, a huge or deeply nested value, broken JSON, bytes that are not UTF-8, a wrong content type, odd
 * headers, a wrong method. The same seed gives the same requests, so a failure is reproduced by its seed.
 */
final class RequestGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/xml",
            "", "application/json; charset=latin1", ";;;", "application/x-ndjson");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final List<String> FIELDS = List.of("model", "messages", "prompt", "stream", "options", "format",
            "tools", "tool_choice", "max_tokens", "temperature", "stop", "input", "keep_alive", "template", "system",
            "raw", "suffix", "response_format", "n", "seed", "logprobs", "think", "images", "content", "tokens",
            "num_predict", "num_ctx", "top_k", "dimensions", "truncate", "echo", "stream_options", "grammar");

    private final Random random;

    RequestGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A request to send: method, path, headers and body bytes (null: none). */
    record Request(String method, String path, Map<String, String> headers, byte[] body, String how) {
        String describe() {
            String shown = body == null ? "(no body)" : new String(body, 0, Math.min(body.length, 300),
                    StandardCharsets.UTF_8) + (body.length > 300 ? "... (" + body.length + " bytes)" : "");
            return method + " " + path + " " + headers + " [" + how + "] " + shown;
        }
    }

    Request next(Endpoint endpoint) {
        String method = random.nextInt(20) == 0 ? pick(METHODS) : endpoint.method();
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("Content-Type", random.nextInt(4) == 0 ? pick(CONTENT_TYPES) : "application/json");
        if (random.nextInt(6) == 0) {
            headers.put(pick(List.of("Accept", "Authorization", "X-Request-Id", "Accept-Encoding", "X-Helix-Forwarded",
                    "Origin")), pick(List.of("", "*/*", "Bearer ", "gzip, br", "\t", "x".repeat(2000), "http://localhost:1",
                    "1")));
        }
        if (endpoint.seed() == null) {
            return random.nextInt(3) == 0 ? new Request(method, endpoint.path(), headers, bytes(), "bytes to a GET")
                    : new Request(method, endpoint.path(), Map.of(), null, "plain");
        }
        int strategy = random.nextInt(100);
        try {
            JsonNode seed = JSON.readTree(endpoint.seed().isEmpty() ? "{}" : endpoint.seed());
            if (strategy < 8) {
                return new Request(method, endpoint.path(), headers, endpoint.seed().getBytes(StandardCharsets.UTF_8),
                        "valid");
            } else if (strategy < 40) {
                replaceSomewhere(seed);
                return json(method, endpoint, headers, seed, "a value replaced");
            } else if (strategy < 55) {
                removeOrAdd(seed);
                return json(method, endpoint, headers, seed, "a field removed or added");
            } else if (strategy < 65) {
                return json(method, endpoint, headers, value(3), "any JSON value");
            } else if (strategy < 78) {
                return huge(method, endpoint, headers, seed);
            } else {
                return new Request(method, endpoint.path(), headers, broken(endpoint.seed()), "broken bytes");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Request json(String method, Endpoint endpoint, Map<String, String> headers, JsonNode body, String how) {
        return new Request(method, endpoint.path(), headers, body.toString().getBytes(StandardCharsets.UTF_8), how);
    }

    /** Replaces one node somewhere in the tree (a field of an object or an element of an array). */
    private void replaceSomewhere(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = pick(containers);
        if (container instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(pick(names), value(2));
        } else if (container instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), value(2));
        } else if (container instanceof ObjectNode object) {
            object.set(pick(FIELDS), value(2));
        }
    }

    private void removeOrAdd(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = pick(containers);
        if (container instanceof ObjectNode object) {
            if (random.nextBoolean() && !object.isEmpty()) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                object.remove(pick(names));
            } else {
                object.set(random.nextBoolean() ? pick(FIELDS) : string(), value(2));
            }
        } else if (container instanceof ArrayNode array) {
            if (random.nextBoolean() && !array.isEmpty()) {
                array.remove(random.nextInt(array.size()));
            } else {
                array.add(value(2));
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    /** Sizes and depths at and past the limits: long strings, deep nesting, wide arrays, many fields, big numbers. */
    private Request huge(String method, Endpoint endpoint, Map<String, String> headers, JsonNode seed) {
        String body = switch (random.nextInt(6)) {
            case 0 -> {
                ((ObjectNode) seed).put(pick(FIELDS), "{{".repeat(1 + random.nextInt(150_000)));
                yield seed.toString();
            }
            case 1 -> {
                int depth = 100 + random.nextInt(20_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                yield "{\"model\":\"tiny\",\"" + pick(FIELDS) + "\":" + open.repeat(depth) + "1" + close.repeat(depth)
                        + "}";
            }
            case 2 -> {
                var array = NODES.arrayNode();
                int n = random.nextInt(100_000);
                for (int i = 0; i < n; i++) {
                    array.add(random.nextBoolean() ? "s" : "{{ if .System }}");
                }
                ((ObjectNode) seed).set(pick(FIELDS), array);
                yield seed.toString();
            }
            case 3 -> {
                ((ObjectNode) seed).put(pick(FIELDS), new BigInteger("9".repeat(1 + random.nextInt(5000))));
                yield seed.toString();
            }
            case 4 -> "{\"model\":\"" + "m".repeat(random.nextInt(300_000)) + "\"}";
            default -> {
                var object = (ObjectNode) seed;
                int n = random.nextInt(50_000);
                for (int i = 0; i < n; i++) {
                    object.put("f" + i, i);
                }
                yield object.toString();
            }
        };
        return new Request(method, endpoint.path(), headers, body.getBytes(StandardCharsets.UTF_8), "huge");
    }

    private byte[] broken(String seed) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(5)) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
            case 1 -> {
                byte[] flipped = bytes.clone();
                for (int i = 0; i < 1 + random.nextInt(4) && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                yield flipped;
            }
            case 2 -> new byte[0];
            case 3 -> ("{\"model\":\"tiny\",\"prompt\":\"" + "\u00e9".repeat(3) + "\"}").getBytes(
                    StandardCharsets.ISO_8859_1); // Latin-1 bytes: not UTF-8
            default -> bytes();
        };
    }

    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any JSON value, up to {@code depth} levels of containers. */
    private JsonNode value(int depth) {
        int kind = random.nextInt(depth > 0 ? 11 : 9);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(pick(List.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 3)));
            case 3 -> NODES.numberNode(pick(List.of(Long.MAX_VALUE, Long.MIN_VALUE)));
            case 4 -> NODES.numberNode(pick(List.of(1.5, -0.0, 1e308, -1e-300, 0.5, 2.0)));
            case 5 -> NODES.numberNode(new java.math.BigDecimal("1e" + (300 + random.nextInt(5000))));
            case 6, 7 -> NODES.textNode(string());
            case 8 -> NODES.textNode(pick(List.of("tiny", "plain", "scripted", "user", "assistant", "system", "tool",
                    "auto", "none", "required", "json", "json_schema", "function", "5m", "-1", "0", "object")));
            case 9 -> {
                var array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(depth - 1));
                }
                yield array;
            }
            default -> {
                var object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(random.nextBoolean() ? pick(FIELDS) : string(), value(depth - 1));
                }
                yield object;
            }
        };
    }

    private String string() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "\u0000\u0001\u001f";
            case 2 -> "\ud83d\ude00 \u202e rtl \u4e2d";
            case 3 -> "{{ .Prompt }}{{ if";
            case 4 -> "x".repeat(random.nextInt(5000));
            case 5 -> "\ud800"; // a lone surrogate
            case 6 -> "../../etc/passwd";
            default -> Integer.toString(random.nextInt());
        };
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
