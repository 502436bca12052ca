package dev.helix.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.providers.routing.Strategy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code providers}, the top-level {@code aliases}, {@code routing}, {@code health} and {@code discovery}
 * (see {@link ProviderConfig}, {@link AliasConfig}, {@link RoutingConfig}), reporting every problem with its
 * location through the {@link ConfigParser}. {@code ${VAR}} and {@code ${VAR:-default}} in string values come from
 * the environment; an unset variable without a default is a problem, never an empty key sent upstream.
 */
final class UpstreamParser {
    static final List<String> PROVIDER_KEYS = List.of("type", "endpoint", "api_key", "models", "weight", "priority",
            "max_in_flight", "parameters", "managed");
    static final List<String> PARAMETER_KEYS = List.of("timeout", "max_retries", "streaming_support", "headers",
            "model_endpoint", "chat_endpoint");
    static final List<String> ROUTING_KEYS = List.of("strategy", "max_retries", "retry_base_delay", "retry_max_delay",
            "breaker_failures", "breaker_cool_down");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final ConfigParser parser;
    private final ConfigValues values;

    UpstreamParser(ConfigParser parser, Map<String, String> env) {
        this.values = new ConfigValues(parser, env);
        this.parser = parser;
    }

    List<ProviderConfig> providers(JsonNode node, int defaultRetries) {
        if (ConfigParser.absent(node)) {
            return List.of();
        }
        if (!node.isObject()) {
            parser.problem("providers", "must be a mapping of provider names to settings");
            return List.of();
        }
        var providers = new ArrayList<ProviderConfig>();
        node.fields().forEachRemaining(field -> {
            ProviderConfig p = provider(field.getKey(), field.getValue(), "providers." + field.getKey(), defaultRetries);
            if (p != null) {
                providers.add(p);
            }
        });
        return providers;
    }

    private ProviderConfig provider(String name, JsonNode node, String at, int defaultRetries) {
        if (!NAME.matcher(name).matches() || AliasConfig.Target.LOCAL.equals(name)) {
            parser.problem(at, "provider names are letters, digits, '.', '_' and '-', and not \"local\"");
            return null;
        }
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping with at least type and endpoint");
            return null;
        }
        parser.checkKeys(node, at, PROVIDER_KEYS);
        String type = null;
        if (ConfigParser.absent(node.get("type"))) {
            parser.problem(at + ".type", "required (one of: " + ProviderTypes.known() + ")");
        } else {
            String given = text(node.get("type"), at + ".type");
            if (given != null) {
                type = ProviderTypes.canonical(given).orElse(null);
                if (type == null) {
                    parser.problem(at + ".type", "unknown provider type \"" + given + "\" (one of: "
                            + ProviderTypes.known() + ")");
                }
            }
        }
        URI endpoint;
        dev.helix.providers.managed.ManagedSpec managed = null;
        if (ConfigParser.absent(node.get("managed"))) {
            endpoint = endpoint(node.get("endpoint"), at + ".endpoint");
        } else {
            // Helix runs it: the endpoint may be left out (then 127.0.0.1 on the managed port).
            endpoint = ConfigParser.absent(node.get("endpoint")) ? null : endpoint(node.get("endpoint"), at + ".endpoint");
            managed = new ManagedParser(parser, this).parse(name, node.get("managed"), at + ".managed", endpoint);
            if (endpoint == null && managed != null) {
                endpoint = URI.create("http://127.0.0.1:" + managed.port());
            }
        }
        String apiKey = ConfigParser.absent(node.get("api_key")) ? null : text(node.get("api_key"), at + ".api_key");
        List<String> models = strings(node.get("models"), at + ".models");
        int weight = parser.integer(node.get("weight"), at + ".weight", 1, 1000, 1);
        int priority = parser.integer(node.get("priority"), at + ".priority", 0, 1_000_000,
                ProviderConfig.DEFAULT_PRIORITY);
        int maxInFlight = parser.integer(node.get("max_in_flight"), at + ".max_in_flight", 0, 100_000, 0);
        JsonNode parameters = node.get("parameters");
        Duration timeout = ProviderConfig.DEFAULT_TIMEOUT;
        int retries = defaultRetries;
        Boolean streaming = null;
        Map<String, String> headers = Map.of();
        String modelEndpoint = null;
        String chatEndpoint = null;
        if (!ConfigParser.absent(parameters)) {
            String p = at + ".parameters";
            if (!parameters.isObject()) {
                parser.problem(p, "must be a mapping (" + String.join(", ", PARAMETER_KEYS) + ")");
            } else {
                parser.checkKeys(parameters, p, PARAMETER_KEYS);
                timeout = duration(parameters.get("timeout"), p + ".timeout", timeout);
                retries = parser.integer(parameters.get("max_retries"), p + ".max_retries", 0, 10, retries);
                if (!ConfigParser.absent(parameters.get("streaming_support"))) {
                    streaming = parser.bool(parameters.get("streaming_support"), p + ".streaming_support", true);
                }
                headers = headers(parameters.get("headers"), p + ".headers");
                modelEndpoint = pathText(parameters.get("model_endpoint"), p + ".model_endpoint");
                chatEndpoint = pathText(parameters.get("chat_endpoint"), p + ".chat_endpoint");
            }
        }
        if (type == null || endpoint == null) {
            return null;
        }
        return new ProviderConfig(name, type, endpoint, apiKey, models, weight, priority, maxInFlight, timeout,
                retries, streaming, headers, modelEndpoint, chatEndpoint, managed);
    }

    /**
     * The top-level aliases; each target names a provider of {@code providers} or {@code local}.
     *
     * @param localNames configured local model names: an alias may not take one
     */
    List<AliasConfig> aliases(JsonNode node, Set<String> providerNames, Set<String> localNames) {
        if (ConfigParser.absent(node)) {
            return List.of();
        }
        if (!node.isObject()) {
            parser.problem("aliases", "must be a mapping of names to lists of provider:model targets");
            return List.of();
        }
        var aliases = new ArrayList<AliasConfig>();
        node.fields().forEachRemaining(field -> {
            String at = "aliases." + field.getKey();
            String name = field.getKey();
            if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
                parser.problem(at, "an alias must be a name without whitespace");
                return;
            }
            if (localNames.contains(name)) {
                parser.problem(at, "\"" + name + "\" is already a model's name in models:");
                return;
            }
            JsonNode value = field.getValue();
            String strategy = null;
            JsonNode targets = value;
            if (value.isObject()) {
                parser.checkKeys(value, at, List.of("strategy", "targets"));
                strategy = strategy(value.get("strategy"), at + ".strategy");
                targets = value.get("targets");
                at = at + ".targets";
            }
            List<AliasConfig.Target> parsed = targets(targets, at, providerNames);
            if (!parsed.isEmpty()) {
                aliases.add(new AliasConfig(name, strategy, parsed));
            }
        });
        return aliases;
    }

    private List<AliasConfig.Target> targets(JsonNode node, String at, Set<String> providerNames) {
        if (ConfigParser.absent(node) || !node.isArray() || node.isEmpty()) {
            parser.problem(at, "must be a non-empty list of provider:model targets (provider \"local\" = a model "
                    + "Helix runs itself)");
            return List.of();
        }
        var targets = new ArrayList<AliasConfig.Target>();
        var seen = new HashSet<String>();
        for (int i = 0; i < node.size(); i++) {
            String where = at + "[" + i + "]";
            String text = text(node.get(i), where);
            if (text == null) {
                continue;
            }
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                parser.problem(where, "\"" + text + "\" must be provider:model");
                continue;
            }
            String provider = text.substring(0, colon);
            String model = text.substring(colon + 1);
            if (!provider.equals(AliasConfig.Target.LOCAL) && !providerNames.contains(provider)) {
                parser.problem(where, "no provider \"" + provider + "\" (providers: "
                        + (providerNames.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(providerNames)))
                        + "; or local)");
                continue;
            }
            if (!seen.add(text)) {
                parser.problem(where, "\"" + text + "\" is listed twice");
                continue;
            }
            targets.add(new AliasConfig.Target(provider, model, i));
        }
        return targets;
    }

    RoutingConfig routing(JsonNode routing, JsonNode health, JsonNode discovery) {
        RoutingConfig d = RoutingConfig.DEFAULTS;
        String strategy = d.strategy();
        Duration base = d.retryBaseDelay();
        Duration max = d.retryMaxDelay();
        int failures = d.breakerFailures();
        Duration coolDown = d.breakerCoolDown();
        if (!ConfigParser.absent(routing)) {
            if (!routing.isObject()) {
                parser.problem("routing", "must be a mapping (" + String.join(", ", ROUTING_KEYS) + ")");
            } else {
                parser.checkKeys(routing, "routing", ROUTING_KEYS);
                String s = strategy(routing.get("strategy"), "routing.strategy");
                strategy = s != null ? s : strategy;
                base = duration(routing.get("retry_base_delay"), "routing.retry_base_delay", base);
                max = duration(routing.get("retry_max_delay"), "routing.retry_max_delay", max);
                if (max.compareTo(base) < 0) {
                    parser.problem("routing.retry_max_delay", "must not be shorter than retry_base_delay");
                    max = base;
                }
                failures = parser.integer(routing.get("breaker_failures"), "routing.breaker_failures", 1, 1000,
                        failures);
                coolDown = duration(routing.get("breaker_cool_down"), "routing.breaker_cool_down", coolDown);
            }
        }
        Duration healthInterval = d.healthInterval();
        if (!ConfigParser.absent(health)) {
            if (!health.isObject()) {
                parser.problem("health", "must be a mapping (interval)");
            } else {
                parser.checkKeys(health, "health", List.of("interval"));
                healthInterval = positive(health.get("interval"), "health.interval", healthInterval);
            }
        }
        boolean discover = d.discovery();
        List<String> hosts = d.discoveryHosts();
        List<Integer> ports = d.discoveryPorts();
        Duration discoveryInterval = d.discoveryInterval();
        if (!ConfigParser.absent(discovery)) {
            if (!discovery.isObject()) {
                parser.problem("discovery", "must be a mapping (enabled, hosts, ports, interval)");
            } else {
                parser.checkKeys(discovery, "discovery", List.of("enabled", "hosts", "ports", "interval"));
                discover = parser.bool(discovery.get("enabled"), "discovery.enabled", discover);
                if (!ConfigParser.absent(discovery.get("hosts"))) {
                    hosts = strings(discovery.get("hosts"), "discovery.hosts");
                }
                ports = ports(discovery.get("ports"), "discovery.ports");
                discoveryInterval = positive(discovery.get("interval"), "discovery.interval", discoveryInterval);
            }
        }
        return new RoutingConfig(strategy, base, max, failures, coolDown, healthInterval, discover, hosts, ports,
                discoveryInterval);
    }

    int retries(JsonNode routing) {
        if (ConfigParser.absent(routing) || !routing.isObject()) {
            return 1;
        }
        return parser.integer(routing.get("max_retries"), "routing.max_retries", 0, 10, 1);
    }

    private String strategy(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            return null;
        }
        String given = text(node, at);
        if (given == null) {
            return null;
        }
        try {
            Strategy.named(given);
            return given;
        } catch (IllegalArgumentException e) {
            parser.problem(at, e.getMessage());
            return null;
        }
    }

    private URI endpoint(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            parser.problem(at, "required (a URL such as http://127.0.0.1:8000)");
            return null;
        }
        String text = text(node, at);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                parser.problem(at, "\"" + text + "\" must be an http:// or https:// URL with a host");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            parser.problem(at, "not a URL: " + e.getMessage());
            return null;
        }
    }

    private Map<String, String> headers(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping of header names to values");
            return Map.of();
        }
        var headers = new LinkedHashMap<String, String>();
        node.fields().forEachRemaining(field -> {
            String value = text(field.getValue(), at + "." + field.getKey());
            if (value != null) {
                headers.put(field.getKey(), value);
            }
        });
        return headers;
    }

    private String pathText(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            return null;
        }
        String text = text(node, at);
        if (text != null && !text.startsWith("/")) {
            parser.problem(at, "must be a path starting with /, such as /v1/models");
            return null;
        }
        return text;
    }

    List<String> strings(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            parser.problem(at, "must be a list");
            return List.of();
        }
        var values = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            String value = text(node.get(i), at + "[" + i + "]");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private List<Integer> ports(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            parser.problem(at, "must be a list of port numbers");
            return List.of();
        }
        var ports = new ArrayList<Integer>();
        for (int i = 0; i < node.size(); i++) {
            ports.add(parser.integer(node.get(i), at + "[" + i + "]", 1, 65_535, 0));
        }
        ports.removeIf(p -> p == 0);
        return ports;
    }

    private Duration positive(JsonNode node, String at, Duration fallback) {
        Duration d = duration(node, at, fallback);
        if (d.isZero() || d.isNegative()) {
            parser.problem(at, "must be longer than zero");
            return fallback;
        }
        return d;
    }

    Duration duration(JsonNode node, String at, Duration fallback) {
        return values.duration(node, at, fallback);
    }


    /** A non-empty string with ${VAR} expanded from the environment. */
    String text(JsonNode node, String at) {
        return values.text(node, at);
    }

}
