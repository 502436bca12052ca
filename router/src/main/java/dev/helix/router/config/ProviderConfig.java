package dev.helix.router.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external server from {@code models.yaml}'s {@code providers} (the seeds' shape, as written):
 * <pre>{@code
 * providers:
 *   gpu-box:
 *     type: vllm                       # the server's kind (see ProviderTypes), or "openai" for any other
 *     endpoint: http://10.0.0.5:8000
 *     api_key: ${VLLM_KEY}             # ${VAR} and ${VAR:-default} come from the environment
 *     models: [meta-llama/Llama-3-8B]  # optional: serve only these (default: what it lists)
 *     weight: 2                        # share for the weighted strategy
 *     priority: 10                     # lower first for the priority strategy; the embedded runtime is 0
 *     max_in_flight: 8                 # requests at once; 0 = no limit
 *     parameters:
 *       timeout: 30s                   # connect and first-byte timeout; also the idle read timeout
 *       max_retries: 1                 # before the first byte, on this backend, then failover
 *       streaming_support: true        # false: ask without stream and send the answer as one chunk
 *       headers: {X-Team: research}
 *       model_endpoint: /v1/models
 *       chat_endpoint: /v1/chat/completions
 *     managed: {...}                   # Helix runs the server itself: see ManagedSpec (endpoint then optional)
 * }</pre>
 *
 * @param type  the kind's canonical name ({@link ProviderTypes})
 * @param models empty = whatever the server lists
 * @param streaming null = as the kind's profile says
 * @param modelEndpoint null = the profile's
 * @param chatEndpoint null = the profile's
 * @param managed null = a server someone else runs; else how Helix runs it
 */
public record ProviderConfig(String name, String type, URI endpoint, String apiKey, List<String> models, int weight,
                             int priority, int maxInFlight, Duration timeout, int maxRetries, Boolean streaming,
                             Map<String, String> headers, String modelEndpoint, String chatEndpoint,
                             dev.helix.providers.managed.ManagedSpec managed) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_PRIORITY = 100;

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
        models = List.copyOf(models);
        headers = Map.copyOf(headers);
    }

    /** A provider Helix does not run. */
    public ProviderConfig(String name, String type, URI endpoint, String apiKey, List<String> models, int weight,
                          int priority, int maxInFlight, Duration timeout, int maxRetries, Boolean streaming,
                          Map<String, String> headers, String modelEndpoint, String chatEndpoint) {
        this(name, type, endpoint, apiKey, models, weight, priority, maxInFlight, timeout, maxRetries, streaming,
                headers, modelEndpoint, chatEndpoint, null);
    }

    /** The base URL of the server for a start on this port: the endpoint with its port replaced. */
    public URI endpointOn(int port) {
        try {
            return new URI(endpoint.getScheme(), endpoint.getUserInfo(), endpoint.getHost(), port, endpoint.getPath(),
                    null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A provider with every optional setting at its default. */
    public static ProviderConfig of(String name, String type, URI endpoint) {
        return new ProviderConfig(name, type, endpoint, null, List.of(), 1, DEFAULT_PRIORITY, 0, DEFAULT_TIMEOUT, 1,
                null, Map.of(), null, null, null);
    }
}
