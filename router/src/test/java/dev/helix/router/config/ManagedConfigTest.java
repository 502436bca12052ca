package dev.helix.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.managed.ManagedSpec;
import dev.helix.providers.managed.RestartPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code managed} block of a provider: every setting read, defaults, and every mistake reported at once. */
class ManagedConfigTest {
    @TempDir
    Path dir;

    private HelixConfig load(String yaml) throws IOException {
        return HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), yaml), dir.resolve("home"),
                Map.of("GPU", "1"));
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).problems();
    }

    @Test
    void readsEverySetting() throws Exception {
        ProviderConfig p = load("""
                providers:
                  box:
                    type: llama.cpp
                    models: [qwen]
                    managed:
                      command: [~/bin/llama-server, -m, q.gguf, --port, "{port}"]
                      working_dir: work
                      env: {CUDA_VISIBLE_DEVICES: "${GPU}", THREADS: 4}
                      port: 8081
                      ready: /health
                      start: at_launch
                      start_timeout: 90s
                      stop_grace: 3s
                      restart: {max_restarts: 2, initial_delay: 500ms, max_delay: 4s, unhealthy_after: 5, stable_after: 1m}
                      log_max_bytes: 2048
                      log_files: 1
                """).providers().getFirst();
        ManagedSpec m = p.managed();
        assertEquals(URI.create("http://127.0.0.1:8081"), p.endpoint(), "the endpoint follows the managed port");
        assertEquals(List.of(dir.resolve("home/bin/llama-server").toString(), "-m", "q.gguf", "--port", "8081"),
                m.commandFor(8081));
        assertEquals(dir.resolve("work"), m.workingDir());
        assertEquals(Map.of("CUDA_VISIBLE_DEVICES", "1", "THREADS", "4"), m.env());
        assertEquals("/health", m.readyPath());
        assertTrue(m.startAtLaunch());
        assertEquals(Duration.ofSeconds(90), m.startTimeout());
        assertEquals(Duration.ofSeconds(3), m.stopGrace());
        assertEquals(new RestartPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(4), 5, Duration.ofMinutes(1)),
                m.restart());
        assertEquals(dir.resolve("home/.helix/logs/box.log"), m.logFile());
        assertEquals(2048, m.logMaxBytes());
        assertEquals(1, m.logFiles());
    }

    @Test
    void defaultsAndAnEndpointPort() throws Exception {
        var providers = load("""
                providers:
                  a:
                    type: vllm
                    endpoint: http://localhost:8000
                    models: [m]
                    managed: {command: "vllm serve m --port 8000"}
                  b:
                    type: ollama
                    endpoint: http://127.0.0.1:11434
                """).providers();
        ManagedSpec m = providers.get(0).managed();
        assertEquals(List.of("vllm", "serve", "m", "--port", "8000"), m.command());
        assertEquals(8000, m.port());
        assertEquals(RestartPolicy.DEFAULTS, m.restart());
        assertEquals(ManagedSpec.DEFAULT_START_TIMEOUT, m.startTimeout());
        assertTrue(!m.startAtLaunch());
        assertEquals(URI.create("http://localhost:9000"), providers.get(0).endpointOn(9000));
        assertNull(providers.get(1).managed());
    }

    @Test
    void everyMistakeAtOnce() {
        var problems = problems("""
                providers:
                  a:
                    type: vllm
                    managed:
                      command: []
                      port: 70000
                      ready: health
                      start: sometimes
                      restart: {max_restarts: -1, initial_delay: 2s, max_delay: 1s, jitter: 1}
                      colour: blue
                  b:
                    type: vllm
                    managed: {command: [x], port: 1}
                  c:
                    type: vllm
                    endpoint: http://127.0.0.1:5000
                    models: [m]
                    managed: {command: [x], port: 5001}
                """);
        assertEquals(List.of(
                "providers.a.managed.colour: unknown key (expected one of: command, working_dir, env, port, ready, "
                        + "start, start_timeout, stop_grace, restart, log_max_bytes, log_files)",
                "providers.a.managed.command: must not be empty",
                "providers.a.managed.port: must be in [0, 65535], was 70000",
                "providers.a.managed.ready: must be a path starting with /, such as /health",
                "providers.a.managed.start: must be on_demand or at_launch, not \"sometimes\"",
                "providers.a.managed.restart.jitter: unknown key (expected one of: max_restarts, initial_delay, "
                        + "max_delay, unhealthy_after, stable_after)",
                "providers.a.managed.restart.max_restarts: must be in [0, 1000], was -1",
                "providers.a.managed.restart.max_delay: must not be shorter than initial_delay",
                "providers.c.managed.port: 5001 is not the endpoint's port 5000 (leave one of them out)",
                "providers.b.managed.start: on_demand (the default) needs models: [...] on the provider, or an alias "
                        + "naming it, so a request knows to start it; or use start: at_launch"), problems);
    }

    @Test
    void anAliasNamingAnOnDemandProviderIsEnough() throws Exception {
        var config = load("""
                providers:
                  b:
                    type: vllm
                    managed: {command: [x], port: 1}
                aliases:
                  chat: [b:some-model]
                """);
        assertEquals(1, config.providers().size());
    }
}
