package dev.helix.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code providers}, the top-level {@code aliases}, {@code routing}, {@code health} and {@code discovery}. */
class UpstreamConfigTest {
    private static final Map<String, String> ENV = Map.of("VLLM_KEY", "sk-from-env");

    @TempDir
    Path dir;

    private HelixConfig load(String yaml) throws IOException {
        return HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), yaml), dir.resolve("home"), ENV);
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).problems();
    }

    @Test
    void readsTheSeedsProviderShapeAsWritten() throws IOException {
        HelixConfig config = load("""
                providers:
                  gpu-box:
                    type: vllm
                    endpoint: http://10.0.0.5:8000/
                    api_key: ${VLLM_KEY}
                    models: [meta-llama/Llama-3-8B]
                    weight: 2
                    priority: 10
                    max_in_flight: 8
                    parameters:
                      timeout: 45
                      max_retries: 2
                      streaming_support: false
                      headers: {X-Team: research}
                      model_endpoint: /v1/models
                      chat_endpoint: /v1/chat/completions
                  studio:
                    type: LMStudio
                    endpoint: http://127.0.0.1:1234
                """);
        var box = config.providers().get(0);
        assertEquals(new ProviderConfig("gpu-box", "vllm", URI.create("http://10.0.0.5:8000"), "sk-from-env",
                List.of("meta-llama/Llama-3-8B"), 2, 10, 8, Duration.ofSeconds(45), 2, false,
                Map.of("X-Team", "research"), "/v1/models", "/v1/chat/completions"), box);
        assertEquals(ProviderConfig.of("studio", "lm-studio", URI.create("http://127.0.0.1:1234")),
                config.providers().get(1));
    }

    @Test
    void aliasesMapOneNameToSeveralBackendsWithAStrategy() throws IOException {
        HelixConfig config = load("""
                providers:
                  a: {type: ollama, endpoint: "http://127.0.0.1:11434"}
                  b: {type: openai, endpoint: "https://api.example.com"}
                aliases:
                  llama3: [local:llama3-8b-q4, "a:llama3:8b"]
                  chat:
                    strategy: round-robin
                    targets: [a:qwen2.5, b:qwen2.5]
                """);
        assertEquals(List.of(
                new AliasConfig("llama3", null, List.of(new AliasConfig.Target("local", "llama3-8b-q4", 0),
                        new AliasConfig.Target("a", "llama3:8b", 1))),
                new AliasConfig("chat", "round-robin", List.of(new AliasConfig.Target("a", "qwen2.5", 0),
                        new AliasConfig.Target("b", "qwen2.5", 1)))), config.aliases());
    }

    @Test
    void routingHealthAndDiscoverySettings() throws IOException {
        RoutingConfig r = load("""
                routing: {strategy: least-busy, retry_base_delay: 50ms, retry_max_delay: 1s, breaker_failures: 5,
                          breaker_cool_down: 1m}
                health: {interval: 10s}
                discovery: {enabled: false, hosts: [127.0.0.1, gpu-box.lan], ports: [9000], interval: 5m}
                """).routing();
        assertEquals(new RoutingConfig("least-busy", Duration.ofMillis(50), Duration.ofSeconds(1), 5,
                Duration.ofMinutes(1), Duration.ofSeconds(10), false, List.of("127.0.0.1", "gpu-box.lan"),
                List.of(9000), Duration.ofMinutes(5)), r);
        assertEquals(RoutingConfig.DEFAULTS, load("max_loaded_models: 1\n").routing());
    }

    @Test
    void everyMistakeIsReportedAtOnceWithItsLocation() {
        assertEquals(List.of(
                "providers.bad.colour: unknown key (expected one of: type, endpoint, api_key, models, weight, "
                        + "priority, max_in_flight, parameters, managed)",
                "providers.bad.type: unknown provider type \"vlm\" (one of: " + ProviderTypes.known() + ")",
                "providers.bad.endpoint: \"ftp://x\" must be an http:// or https:// URL with a host",
                "providers.bad.api_key: environment variable MISSING_KEY is not set",
                                "providers.nokind.type: required (one of: " + ProviderTypes.known() + ")",
                "aliases.x[0]: no provider \"ghost\" (providers: bad, nokind; or local)",
                "aliases.x[1]: \"nocolon\" must be provider:model",
                "aliases.y.strategy: unknown strategy \"random\" (priority, round-robin, least-busy, lowest-latency, "
                        + "weighted)",
                "aliases.tiny: \"tiny\" is already a model's name in models:"),
                problems("""
                        models:
                          - {id: tiny, path: tiny.gguf}
                        providers:
                          bad: {type: vlm, endpoint: "ftp://x", api_key: "${MISSING_KEY}", colour: red}
                          nokind: {endpoint: "http://127.0.0.1:1"}
                        aliases:
                          x: [ghost:m, nocolon]
                          y: {strategy: random, targets: [local:tiny]}
                          tiny: [local:tiny]
                        """));
    }

    @Test
    void aDefaultAfterTheVariableNameIsUsedWhenItIsUnset() throws IOException {
        var p = load("""
                providers:
                  x: {type: jan, endpoint: "http://127.0.0.1:1337", api_key: "${JAN_KEY:-local-key}"}
                """).providers().get(0);
        assertEquals("local-key", p.apiKey());
        assertNull(p.streaming());
        assertFalse(p.models().iterator().hasNext());
    }

    @Test
    void theRepositorysAnnotatedModelsYamlReadsAsItsDefaults() {
        Path annotated = Path.of("..", "models.yaml").toAbsolutePath().normalize();
        HelixConfig config = HelixConfig.load(annotated, dir.resolve("home"), ENV);
        assertEquals(RoutingConfig.DEFAULTS, config.routing());
        assertEquals(List.of(), config.providers());
        assertEquals(List.of(), config.aliases());
    }
}
