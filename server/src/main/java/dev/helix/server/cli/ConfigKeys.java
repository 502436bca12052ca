package dev.helix.server.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every scalar setting of the configuration files (as the router's and server's parsers read them), with the type
 * its value has, and the {@code HELIX_*} variable that sets it: {@code HELIX_} and the dotted key upper-cased with
 * {@code .} as {@code _} ({@code server.port} = {@code HELIX_SERVER_PORT}, {@code max_loaded_models} =
 * {@code HELIX_MAX_LOADED_MODELS}). A variable is matched against this list whole, never split at its {@code _}s, so
 * keys that contain {@code _} themselves are unambiguous; {@link #BY_VARIABLE} refuses to build if two keys ever
 * mapped to one name. Lists (hosts, ports, origins) are comma-separated in a variable.
 */
final class ConfigKeys {
    /** How a value is written. */
    enum Type { TEXT, PATH, INT, LONG, BOOLEAN, DURATION, TEXT_LIST, INT_LIST, INT_OR_AUTO }

    /** A settable key. */
    record Key(String path, Type type) {
        String variable() {
            return "HELIX_" + path.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
        }
    }

    /** The keys, in the order {@code config show} and the files use. */
    static final Map<String, Type> KEYS = keys();

    /** The keys by their variable. */
    static final Map<String, Key> BY_VARIABLE = byVariable();

    /** Older names kept working: each sets the same key as its long form. */
    static final Map<String, String> SHORT_NAMES = Map.of(
            "HELIX_MODELS", "models_dir",
            "HELIX_HOST", "server.host",
            "HELIX_PORT", "server.port",
            "HELIX_API_KEY", "server.api_key");

    /**
     * HELIX_ variables that are not settings: which file to read, what to read, where to pull from, how to start
     * Java.
     */
    static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("HELIX_CONFIG", "HELIX_STORES",
            "HELIX_ORIGINS", "HELIX_OLLAMA_REGISTRY", "HELIX_JAVA", "HELIX_JAVA_OPTS", "HELIX_TEST_MARK");

    private ConfigKeys() {
    }

    private static Map<String, Type> keys() {
        var k = new LinkedHashMap<String, Type>();
        k.put("models_dir", Type.PATH);
        k.put("max_loaded_models", Type.INT);
        k.put("keep_alive", Type.DURATION);
        k.put("queue_timeout", Type.DURATION);
        k.put("runner_stall_timeout", Type.DURATION);
        for (String key : new String[] {"context_size", "threads", "batch_size", "gpu_layers", "parallel"}) {
            k.put("defaults." + key, key.equals("gpu_layers") ? Type.INT_OR_AUTO : Type.INT);
        }
        k.put("defaults.mmap", Type.BOOLEAN);
        k.put("defaults.embeddings", Type.BOOLEAN);
        k.put("defaults.engine", Type.TEXT);
        k.put("server.host", Type.TEXT);
        k.put("server.port", Type.INT);
        k.put("server.api_key", Type.TEXT);
        k.put("server.max_request_bytes", Type.LONG);
        k.put("server.max_pending_requests", Type.INT);
        k.put("server.max_connections", Type.INT);
        k.put("server.shutdown_timeout", Type.DURATION);
        k.put("server.header_read_timeout", Type.DURATION);
        k.put("server.body_read_timeout", Type.DURATION);
        k.put("server.origins", Type.TEXT_LIST);
        k.put("routing.strategy", Type.TEXT);
        k.put("routing.max_retries", Type.INT);
        k.put("routing.retry_base_delay", Type.DURATION);
        k.put("routing.retry_max_delay", Type.DURATION);
        k.put("routing.breaker_failures", Type.INT);
        k.put("routing.breaker_cool_down", Type.DURATION);
        k.put("health.interval", Type.DURATION);
        k.put("discovery.enabled", Type.BOOLEAN);
        k.put("discovery.hosts", Type.TEXT_LIST);
        k.put("discovery.ports", Type.INT_LIST);
        k.put("discovery.interval", Type.DURATION);
        k.put("alerts.queue_size", Type.INT);
        k.put("alerts.max_attempts", Type.INT);
        k.put("alerts.retry_base_delay", Type.DURATION);
        k.put("alerts.retry_max_delay", Type.DURATION);
        k.put("alerts.timeout", Type.DURATION);
        k.put("alerts.crash_loop.crashes", Type.INT);
        k.put("alerts.crash_loop.window", Type.DURATION);
        k.put("request_log.path", Type.PATH);
        k.put("request_log.max_bytes", Type.LONG);
        k.put("request_log.files", Type.INT);
        return java.util.Collections.unmodifiableMap(k);
    }

    private static Map<String, Key> byVariable() {
        var out = new LinkedHashMap<String, Key>();
        KEYS.forEach((path, type) -> {
            var key = new Key(path, type);
            Key before = out.put(key.variable(), key);
            if (before != null) {
                throw new IllegalStateException(key.variable() + " would set both " + before.path() + " and " + path);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The known variable nearest to {@code name} (edit distance), for a warning about a misspelt one. */
    static String closest(String name) {
        String best = null;
        int distance = Integer.MAX_VALUE;
        for (String known : BY_VARIABLE.keySet()) {
            int d = distance(name, known);
            if (d < distance) {
                distance = d;
                best = known;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
