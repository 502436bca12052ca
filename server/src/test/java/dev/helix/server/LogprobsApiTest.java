package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Token log-probabilities through each API, on a model on engine ffm, read by the official OpenAI Java SDK and by raw
 * HTTP for Ollama's shape; on engine binding (whose llama.cpp aborts on them) a clear 400 naming engine: ffm.
 */
@Timeout(180)
class LogprobsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer ffm;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        if (TestServer.engine(Engine.FFM) != Engine.FFM) {
            return; // the run pins every model to the binding: only the refusal is tested
        }
        ffm = TestServer.start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)),
                ModelLoadOptions.DEFAULTS.withContextSize(2048).withEngine(Engine.FFM), RunnerSettings.defaults());
        client = OpenAIOkHttpClient.builder().baseUrl(ffm.url() + "/v1").apiKey("not-needed").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (ffm != null) {
            ffm.close();
        }
    }

    private static ChatCompletionCreateParams.Builder greedy(int top) {
        return ChatCompletionCreateParams.builder().model("tiny").addUserMessage("Tell a story").temperature(0.0)
                .maxCompletionTokens(16).logprobs(true).topLogprobs(top);
    }

    /** What a logprob entry must satisfy under greedy sampling; returns the entry's bytes. */
    private static byte[] check(ChatCompletionTokenLogprob lp, int top) {
        assertTrue(lp.logprob() <= 0, "a log-probability is at most 0: " + lp.logprob());
        assertEquals(top, lp.topLogprobs().size(), "top_logprobs has the length asked for");
        assertEquals(lp.token(), lp.topLogprobs().get(0).token(), "greedy samples the most likely token");
        assertEquals(lp.logprob(), lp.topLogprobs().get(0).logprob(), 0.0);
        double mass = 0;
        for (int i = 0; i < top; i++) {
            mass += Math.exp(lp.topLogprobs().get(i).logprob());
            if (i > 0) {
                assertTrue(lp.topLogprobs().get(i).logprob() <= lp.topLogprobs().get(i - 1).logprob(), "descending");
            }
        }
        assertTrue(mass <= 1 + 1e-6, "the alternatives' probabilities sum to at most 1: " + mass);
        var bytes = lp.bytes().orElseThrow();
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i).byteValue();
        }
        assertEquals(lp.token(), new String(out, StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void chatCompletionsGiveEveryTokensLogprobStreamedOrNot() {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        var completion = client.chat().completions().create(greedy(4).build());
        var choice = completion.choices().get(0);
        String content = choice.message().content().orElseThrow();
        List<ChatCompletionTokenLogprob> whole = choice.logprobs().orElseThrow().content().orElseThrow();
        assertFalse(whole.isEmpty());
        assertEquals(completion.usage().orElseThrow().completionTokens(), whole.size()
                + ("stop".equals(choice.finishReason().asString()) ? 1 : 0), "one entry per generated token (the end "
                + "of generation token has none)");
        var bytes = new ByteArrayOutputStream();
        whole.forEach(lp -> bytes.writeBytes(check(lp, 4)));
        assertEquals(content, bytes.toString(StandardCharsets.UTF_8), "the tokens make up the content");

        var streamed = new ArrayList<ChatCompletionTokenLogprob>();
        var text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                greedy(4).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
                c.delta().content().ifPresent(text::append);
                c.logprobs().flatMap(ChatCompletionChunk.Choice.Logprobs::content).ifPresent(streamed::addAll);
            }));
        }
        assertEquals(content, text.toString());
        assertEquals(whole.size(), streamed.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).token(), streamed.get(i).token());
            assertEquals(whole.get(i).logprob(), streamed.get(i).logprob(), 0.0, "token " + i);
            assertEquals(whole.get(i).topLogprobs(), streamed.get(i).topLogprobs());
        }
    }

    @Test
    void aThinkingModelsAnswerCarriesTheLogprobsOfItsAnswerTokensOnly() {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        var choice = client.chat().completions().create(ChatCompletionCreateParams.builder().model("thinker")
                .addUserMessage("Hi").temperature(0.0).maxCompletionTokens(64).logprobs(true).topLogprobs(1).build())
                .choices().get(0);
        assertEquals(TestServer.ANSWER, choice.message().content().orElseThrow());
        var joined = new StringBuilder();
        choice.logprobs().orElseThrow().content().orElseThrow().forEach(lp -> joined.append(lp.token()));
        assertEquals(TestServer.ANSWER, joined.toString().strip(), "the reasoning's tokens are not the answer's");
    }

    @Test
    void withoutLogprobsTheChoiceHasNone() {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        var choice = client.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                .addUserMessage("Tell a story").temperature(0.0).maxCompletionTokens(4).build()).choices().get(0);
        assertTrue(choice.logprobs().isEmpty());
    }

    @Test
    void topLogprobsOutsideZeroToTwentyIsABadRequest() {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        var e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(greedy(21).build()));
        assertTrue(e.getMessage().contains("top_logprobs"), e.getMessage());
        var alone = Http.post(ffm.url() + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}],\"top_logprobs\":2}");
        assertEquals(400, alone.statusCode(), "top_logprobs without logprobs: true");
    }

    @Test
    void legacyCompletionsGiveTokensLogprobsAlternativesAndOffsets() {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        var completion = client.completions().create(CompletionCreateParams.builder().model("tiny")
                .prompt("Once upon a time").temperature(0.0).maxTokens(12).logprobs(3).build());
        CompletionChoice choice = completion.choices().get(0);
        var lp = choice.logprobs().orElseThrow();
        List<String> tokens = lp.tokens().orElseThrow();
        List<Double> values = lp.tokenLogprobs().orElseThrow();
        List<Long> offsets = lp.textOffset().orElseThrow();
        assertFalse(tokens.isEmpty());
        assertEquals(choice.text(), String.join("", tokens));
        assertEquals(tokens.size(), values.size());
        assertEquals(tokens.size(), lp.topLogprobs().orElseThrow().size());
        long at = 0;
        for (int i = 0; i < tokens.size(); i++) {
            assertTrue(values.get(i) <= 0);
            assertEquals(at, offsets.get(i));
            at += tokens.get(i).length();
            var top = lp.topLogprobs().orElseThrow().get(i)._additionalProperties();
            assertTrue(top.size() <= 3 && !top.isEmpty(), "the alternatives, by text: " + top);
            assertTrue(top.containsKey(tokens.get(i)), "greedy: the token is among its alternatives");
        }
        var streamedTokens = new ArrayList<String>();
        var streamedOffsets = new ArrayList<Long>();
        try (var stream = client.completions().createStreaming(CompletionCreateParams.builder().model("tiny")
                .prompt("Once upon a time").temperature(0.0).maxTokens(12).logprobs(3).build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.logprobs().ifPresent(l -> {
                streamedTokens.addAll(l.tokens().orElseThrow());
                streamedOffsets.addAll(l.textOffset().orElseThrow());
            })));
        }
        assertEquals(tokens, streamedTokens, "streamed pieces carry the same tokens");
        assertEquals(offsets, streamedOffsets, "and the same offsets into the whole text");
    }

    @Test
    void theResponsesApiGivesLogprobsWhenIncludedStreamedOrNot() {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        var params = com.openai.models.responses.ResponseCreateParams.builder().model("tiny").input("Tell a story")
                .temperature(0.0).maxOutputTokens(16L)
                .addInclude(com.openai.models.responses.ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS)
                .topLogprobs(3L).build();
        var text = client.responses().create(params).output().stream().flatMap(item -> item.message().stream())
                .flatMap(m -> m.content().stream()).flatMap(c -> c.outputText().stream()).findFirst().orElseThrow();
        var logprobs = text.logprobs().orElseThrow();
        assertFalse(logprobs.isEmpty());
        var joined = new StringBuilder();
        for (var lp : logprobs) {
            joined.append(lp.token());
            assertTrue(lp.logprob() <= 0);
            assertEquals(3, lp.topLogprobs().size());
            assertEquals(lp.token(), lp.topLogprobs().get(0).token(), "greedy");
        }
        assertEquals(text.text(), joined.toString());
        var streamed = new ArrayList<String>();
        try (var stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> d.logprobs()
                    .forEach(lp -> streamed.add(lp.token() + "=" + lp.logprob()))));
        }
        assertEquals(logprobs.stream().map(lp -> lp.token() + "=" + lp.logprob()).toList(), streamed);
        var plain = client.responses().create(com.openai.models.responses.ResponseCreateParams.builder().model("tiny")
                .input("Tell a story").temperature(0.0).maxOutputTokens(4L).build());
        plain.output().stream().flatMap(item -> item.message().stream()).flatMap(m -> m.content().stream())
                .flatMap(c -> c.outputText().stream())
                .forEach(t -> assertTrue(t.logprobs().orElse(List.of()).isEmpty(), "not asked for: none"));
    }

    private static JsonNode post(String path, String body) throws Exception {
        var response = Http.post(ffm.url() + path, body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void checkOllama(JsonNode logprobs, int top) {
        assertTrue(logprobs.isArray() && !logprobs.isEmpty(), String.valueOf(logprobs));
        for (JsonNode lp : logprobs) {
            assertTrue(lp.get("token").isTextual());
            assertTrue(lp.get("logprob").asDouble() <= 0);
            assertTrue(lp.get("bytes").isArray());
            assertEquals(top, lp.get("top_logprobs").size());
            assertEquals(lp.get("token"), lp.get("top_logprobs").get(0).get("token"));
        }
    }

    @Test
    void ollamaChatAndGenerateGiveLogprobsInOllamasShape() throws Exception {
        assumeTrue(ffm != null, "helix.test.engine pins the binding");
        String chat = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell a story\"}],"
                + "\"stream\":false,\"logprobs\":true,\"top_logprobs\":2,\"options\":{\"temperature\":0,"
                + "\"num_predict\":10}}";
        JsonNode whole = post("/api/chat", chat);
        checkOllama(whole.get("logprobs"), 2);
        var text = new StringBuilder();
        whole.get("logprobs").forEach(lp -> text.append(lp.get("token").asText()));
        assertEquals(whole.get("message").get("content").asText(), text.toString());

        var streamed = Http.post(ffm.url() + "/api/chat", chat.replace("\"stream\":false", "\"stream\":true"));
        var entries = JSON.createArrayNode();
        for (String line : streamed.body().split("\n")) {
            JsonNode piece = JSON.readTree(line);
            if (piece.has("logprobs")) {
                entries.addAll((com.fasterxml.jackson.databind.node.ArrayNode) piece.get("logprobs"));
            }
        }
        assertEquals(whole.get("logprobs"), entries, "streamed pieces carry the same entries");

        JsonNode generated = post("/api/generate", "{\"model\":\"tiny\",\"prompt\":\"Once upon a time\","
                + "\"stream\":false,\"logprobs\":true,\"top_logprobs\":3,\"options\":{\"temperature\":0,"
                + "\"num_predict\":8}}");
        checkOllama(generated.get("logprobs"), 3);

        var bad = Http.post(ffm.url() + "/api/chat", chat.replace("\"top_logprobs\":2", "\"top_logprobs\":21"));
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).get("error").asText().contains("top_logprobs"), bad.body());
    }

    @Test
    void theBindingEngineRefusesLogprobsNamingEngineFfm() throws Exception {
        assumeTrue(TestServer.engine(Engine.BINDING) == Engine.BINDING, "helix.test.engine pins ffm");
        String url = TestServer.shared().url();
        var chat = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"logprobs\":true,\"top_logprobs\":2,\"max_tokens\":2}");
        assertEquals(400, chat.statusCode(), chat.body());
        JsonNode error = JSON.readTree(chat.body()).get("error");
        assertTrue(error.get("message").asText().contains("engine: ffm"), chat.body());
        assertEquals("logprobs", error.get("param").asText());

        var legacy = Http.post(url + "/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"logprobs\":1}");
        assertEquals(400, legacy.statusCode(), legacy.body());
        assertTrue(JSON.readTree(legacy.body()).get("error").get("message").asText().contains("engine: ffm"));

        var ollama = Http.post(url + "/api/chat", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"stream\":false,\"logprobs\":true}");
        assertEquals(400, ollama.statusCode(), ollama.body());
        assertTrue(JSON.readTree(ollama.body()).get("error").asText().contains("engine: ffm"), ollama.body());
        // the model still serves
        assertEquals(200, Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}],\"max_tokens\":2}").statusCode());
    }
}
