package dev.helix.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.Http;
import dev.helix.server.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after real requests through both APIs on a real server with real runners: each counter and
 * histogram moved by exactly what the requests did (their count, and the token counts the responses reported),
 * and the whole text parses with a Prometheus text-format parser.
 */
@Tag(TestEngine.TAG)
class MetricsScrapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dev.helix.router.config.ObservabilityConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Scrape scrape() {
        HttpResponse<String> r = Http.get(server.url() + "/metrics");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        return Scrape.parse(r.body());
    }

    private static Map<String, String> requests(String api, String endpoint, String model, String backend,
                                                int status) {
        return Map.of("api", api, "endpoint", endpoint, "model", model, "backend", backend,
                "status", Integer.toString(status));
    }

    @Test
    void countersAndHistogramsMoveByWhatTheRequestsDid() throws Exception {
        Scrape before = scrape();
        int prompt = 0;
        int generated = 0;

        // OpenAI, whole answer and streamed with usage
        var whole = Http.post(server.url() + "/v1/chat/completions", """
                {"model":"tiny","messages":[{"role":"user","content":"hello"}],"max_tokens":5}""");
        assertEquals(200, whole.statusCode(), whole.body());
        JsonNode usage = JSON.readTree(whole.body()).get("usage");
        prompt += usage.get("prompt_tokens").asInt();
        generated += usage.get("completion_tokens").asInt();
        var streamed = Http.post(server.url() + "/v1/chat/completions", """
                {"model":"tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":4,"stream":true,
                 "stream_options":{"include_usage":true}}""");
        assertEquals(200, streamed.statusCode(), streamed.body());
        JsonNode streamedUsage = null;
        for (String line : streamed.body().split("\n")) {
            if (line.startsWith("data: {") && line.contains("\"usage\"")) {
                streamedUsage = JSON.readTree(line.substring(6)).get("usage");
            }
        }
        assertTrue(streamedUsage != null, streamed.body());
        prompt += streamedUsage.get("prompt_tokens").asInt();
        generated += streamedUsage.get("completion_tokens").asInt();

        // Ollama, whole answer and streamed
        var chat = Http.post(server.url() + "/api/chat", """
                {"model":"tiny","messages":[{"role":"user","content":"hey"}],"stream":false,
                 "options":{"num_predict":3}}""");
        assertEquals(200, chat.statusCode(), chat.body());
        JsonNode chatBody = JSON.readTree(chat.body());
        prompt += chatBody.get("prompt_eval_count").asInt();
        generated += chatBody.get("eval_count").asInt();
        var generate = Http.post(server.url() + "/api/generate", """
                {"model":"tiny","prompt":"once upon","options":{"num_predict":3}}""");
        assertEquals(200, generate.statusCode(), generate.body());
        String[] lines = generate.body().strip().split("\n");
        JsonNode last = JSON.readTree(lines[lines.length - 1]);
        prompt += last.get("prompt_eval_count").asInt();
        generated += last.get("eval_count").asInt();

        // A model nobody serves, on each API: counted without a model label
        assertEquals(404, Http.post(server.url() + "/v1/chat/completions", """
                {"model":"nobody","messages":[{"role":"user","content":"x"}]}""").statusCode());
        assertEquals(404, Http.post(server.url() + "/api/chat", """
                {"model":"nobody","messages":[{"role":"user","content":"x"}]}""").statusCode());

        Scrape after = scrape();
        assertEquals(2, delta(before, after, "helix_requests_total",
                requests("openai", "/v1/chat/completions", "tiny", "local", 200)));
        assertEquals(1, delta(before, after, "helix_requests_total", requests("ollama", "/api/chat", "tiny", "local", 200)));
        assertEquals(1, delta(before, after, "helix_requests_total",
                requests("ollama", "/api/generate", "tiny", "local", 200)));
        assertEquals(1, delta(before, after, "helix_requests_total",
                requests("openai", "/v1/chat/completions", "", "", 404)));
        assertEquals(1, delta(before, after, "helix_requests_total", requests("ollama", "/api/chat", "", "", 404)));

        var openAiChat = Map.of("api", "openai", "endpoint", "/v1/chat/completions", "model", "tiny");
        assertEquals(2, after.count("helix_request_duration_seconds", openAiChat)
                - before.count("helix_request_duration_seconds", openAiChat));
        assertTrue(after.sum("helix_request_duration_seconds", openAiChat)
                > before.sum("helix_request_duration_seconds", openAiChat));
        assertEquals(2, after.count("helix_time_to_first_token_seconds",
                Map.of("api", "openai", "model", "tiny", "backend", "local")));
        assertEquals(2, after.count("helix_time_to_first_token_seconds",
                Map.of("api", "ollama", "model", "tiny", "backend", "local")));
        var tokens = Map.of("model", "tiny", "backend", "local");
        assertEquals(prompt, delta(before, after, "helix_prompt_tokens_total", tokens));
        assertEquals(generated, delta(before, after, "helix_generated_tokens_total", tokens));
        assertEquals(4, after.count("helix_model_wait_seconds", Map.of("model", "tiny")));

        // The model's load and its runner, seen through the events the router and the runners published
        assertEquals(1, after.value("helix_model_loads_total", Map.of("model", "tiny")));
        assertEquals(1, after.count("helix_model_load_duration_seconds", Map.of("model", "tiny")));
        assertEquals(1, after.value("helix_runner_starts_total", Map.of("model", "tiny")));
        assertEquals(0, after.value("helix_runner_crashes_total", Map.of("model", "tiny")));
        assertEquals(1, after.value("helix_models_loaded", Map.of()));
        int listed = new ObjectMapper().readTree(Http.get(server.url() + "/api/tags").body()).get("models").size();
        assertEquals(listed, after.value("helix_models_available", Map.of()), "the models /api/tags lists");
        assertEquals(server.modelsDir().resolve("tiny.gguf").toFile().length(),
                after.value("helix_model_loaded_bytes", Map.of("model", "tiny")));
        assertEquals(1, after.value("helix_backend_up", Map.of("backend", "local")));
        assertEquals(1, after.value("helix_backend_breaker_state", Map.of("backend", "local", "state", "CLOSED")));
        assertEquals(0, after.value("helix_requests_pending", Map.of()));

        // JVM and process metrics, from the client library's own instrumentation
        assertTrue(after.has("jvm_memory_used_bytes") && after.has("jvm_threads_current")
                && after.has("process_cpu_seconds_total"), "JVM and process metrics");
    }

    private static double delta(Scrape before, Scrape after, String family, Map<String, String> labels) {
        return after.value(family, labels) - before.value(family, labels);
    }
}
