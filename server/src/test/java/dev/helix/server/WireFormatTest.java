package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What goes over the wire, byte for byte where clients depend on it: framing, content types, statuses, shapes. */
@Timeout(120)
@Tag(TestEngine.TAG)
class WireFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String url;

    @BeforeAll
    static void start() {
        url = TestServer.shared().url();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void rootAnswersLikeOllama() {
        var r = Http.get(url + "/");
        assertEquals(200, r.statusCode());
        assertEquals("Ollama is running", r.body());
        assertEquals(200, Http.method("HEAD", url + "/", null).statusCode());
        assertEquals(200, Http.method("HEAD", url + "/api/version", null).statusCode());
        assertTrue(json(Http.get(url + "/api/version").body()).path("version").asText().matches("\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void ollamaChatStreamsNdjsonByDefaultAndEndsWithTheMetrics() {
        var r = Http.post(url + "/api/chat", """
                {"model":"tiny","messages":[{"role":"user","content":"Hello"}],"options":{"temperature":0,"num_predict":6}}""");
        assertEquals(200, r.statusCode());
        assertTrue(contentType(r).startsWith("application/x-ndjson"), contentType(r));
        List<String> lines = r.body().lines().toList();
        assertTrue(r.body().endsWith("\n"));
        assertTrue(lines.size() >= 2, r.body());
        var text = new StringBuilder();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode piece = json(line);
            assertFalse(piece.get("done").asBoolean());
            assertEquals("assistant", piece.at("/message/role").asText());
            assertEquals("tiny", piece.get("model").asText());
            Instant.parse(piece.get("created_at").asText());
            text.append(piece.at("/message/content").asText());
        }
        JsonNode last = json(lines.get(lines.size() - 1));
        assertTrue(last.get("done").asBoolean());
        assertTrue(List.of("stop", "length").contains(last.get("done_reason").asText()));
        for (String field : List.of("total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration",
                "eval_count", "eval_duration")) {
            assertTrue(last.get(field).isIntegralNumber(), field + " in " + last);
        }
        assertTrue(last.get("total_duration").asLong() > 0);
        assertTrue(last.get("eval_count").asInt() > 0 && last.get("eval_count").asInt() <= 6);
        assertEquals("", last.at("/message/content").asText());
        assertFalse(text.isEmpty());
    }

    @Test
    void ollamaStreamFalseIsOneJsonObjectWithTheWholeText() {
        String body = """
                {"model":"tiny","messages":[{"role":"user","content":"Hello"}],"stream":false,"options":{"temperature":0,"num_predict":6}}""";
        var r = Http.post(url + "/api/chat", body);
        assertEquals(200, r.statusCode());
        assertTrue(contentType(r).startsWith("application/json"), contentType(r));
        JsonNode whole = json(r.body());
        assertTrue(whole.get("done").asBoolean());
        String streamed = Http.post(url + "/api/chat", body.replace("\"stream\":false,", "")).body().lines()
                .map(WireFormatTest::json).map(n -> n.at("/message/content").asText()).reduce("", String::concat);
        assertEquals(whole.at("/message/content").asText(), streamed);
    }

    @Test
    void ollamaGenerateStreamsResponsePieces() {
        var r = Http.post(url + "/api/generate", """
                {"model":"tiny:latest","prompt":"Once upon a time","options":{"temperature":0,"num_predict":5}}""");
        assertEquals(200, r.statusCode());
        assertTrue(contentType(r).startsWith("application/x-ndjson"));
        List<JsonNode> lines = r.body().lines().map(WireFormatTest::json).toList();
        assertTrue(lines.get(0).has("response"));
        assertEquals("tiny:latest", lines.get(0).get("model").asText());
        assertTrue(lines.get(lines.size() - 1).get("done").asBoolean());
    }

    @Test
    void openAiStreamIsServerSentEventsEndingWithDone() {
        var r = Http.post(url + "/v1/chat/completions", """
                {"model":"tiny","messages":[{"role":"user","content":"Hello"}],"stream":true,"max_tokens":5,"temperature":0,
                 "stream_options":{"include_usage":true}}""");
        assertEquals(200, r.statusCode());
        assertTrue(contentType(r).startsWith("text/event-stream"), contentType(r));
        assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body());
        List<String> events = List.of(r.body().split("\n\n"));
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            assertTrue(event.startsWith("data: "), event);
            chunks.add(json(event.substring("data: ".length())));
        }
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertTrue(List.of("stop", "length").contains(finish.at("/choices/0/finish_reason").asText()), finish.toString());
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertEquals(0, usage.get("choices").size());
        assertTrue(usage.at("/usage/completion_tokens").asInt() > 0);
        String id = chunks.get(0).get("id").asText();
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals(id, chunk.get("id").asText());
        }
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 2)) {
            assertTrue(chunk.at("/choices/0/finish_reason").isNull());
        }
    }

    @Test
    void openAiNonStreamingHasTheRequiredFields() {
        var r = Http.post(url + "/v1/chat/completions", """
                {"model":"tiny","messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}],"max_completion_tokens":4}""");
        assertEquals(200, r.statusCode());
        assertTrue(contentType(r).startsWith("application/json"));
        JsonNode body = json(r.body());
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("created").isIntegralNumber());
        assertTrue(body.at("/choices/0/logprobs").isNull());
        assertTrue(body.at("/choices/0/message/refusal").isNull());
        assertTrue(body.at("/usage/total_tokens").asInt() > 0);
    }

    @Test
    void legacyCompletionsDefaultToSixteenTokensAndEcho() {
        JsonNode body = json(Http.post(url + "/v1/completions", """
                {"model":"tiny","prompt":"Once upon a time","echo":true,"temperature":0}""").body());
        assertEquals("text_completion", body.get("object").asText());
        assertTrue(body.at("/choices/0/text").asText().startsWith("Once upon a time"));
        assertTrue(body.at("/usage/completion_tokens").asInt() <= 16);
    }

    @Test
    void errorsComeInEachApisOwnShape() {
        var openAi = Http.post(url + "/v1/chat/completions", "{\"model\":\"missing\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(404, openAi.statusCode());
        assertTrue(contentType(openAi).startsWith("application/json"));
        JsonNode error = json(openAi.body()).get("error");
        assertEquals("model \"missing\" not found", error.get("message").asText());
        assertEquals("model_not_found", error.get("code").asText());
        assertTrue(error.has("param") && error.has("type"));

        var ollama = Http.post(url + "/api/chat", "{\"model\":\"missing\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(404, ollama.statusCode());
        assertEquals("{\"error\":\"model \\\"missing\\\" not found\"}", ollama.body());

        assertEquals(400, Http.post(url + "/v1/chat/completions", "{not json").statusCode());
        var badOllama = Http.post(url + "/api/generate", "{not json");
        assertEquals(400, badOllama.statusCode());
        assertTrue(json(badOllama.body()).get("error").asText().startsWith("malformed JSON"));

        var wrongType = Http.post(url + "/api/chat", """
                {"model":"tiny","messages":[{"role":"user","content":"x"}],"stream":"yes"}""");
        assertEquals(400, wrongType.statusCode());
        assertTrue(json(wrongType.body()).get("error").asText().contains("stream"), wrongType.body());
        var wrongOpenAiType = Http.post(url + "/v1/chat/completions", """
                {"model":"tiny","messages":[{"role":"user","content":"x"}],"max_tokens":"ten"}""");
        assertEquals("max_tokens", json(wrongOpenAiType.body()).at("/error/param").asText());

        assertEquals(405, Http.method("PUT", url + "/api/chat", "{}").statusCode());
        var unknown = Http.get(url + "/v1/nothing-here");
        assertEquals(404, unknown.statusCode());
        assertTrue(json(unknown.body()).has("error"));
    }

    @Test
    void oversizedBodiesAre413InTheApisShape() {
        String huge = "{\"model\":\"tiny\",\"prompt\":\"" + "a".repeat(2 << 20) + "\"}";
        var ollama = Http.post(url + "/api/generate", huge);
        assertEquals(413, ollama.statusCode());
        assertTrue(json(ollama.body()).get("error").isTextual());
        var openAi = Http.post(url + "/v1/completions", huge);
        assertEquals(413, openAi.statusCode());
        assertTrue(json(openAi.body()).at("/error/message").isTextual());
        assertEquals(200, Http.get(url + "/api/tags").statusCode(), "the server keeps serving");
    }

    @Test
    void theModelsRunOnTheEngineUnderTest() {
        // logprobs are the ffm engine's alone (b4916 aborts on them): a logprobs request tells which engine answered
        var reply = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"max_tokens\":2,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true}");
        if (TestServer.engine(dev.helix.runtime.Engine.BINDING) == dev.helix.runtime.Engine.FFM) {
            assertEquals(200, reply.statusCode(), reply.body());
            assertTrue(json(reply.body()).at("/choices/0/logprobs/content").isArray(), reply.body());
        } else {
            assertEquals(400, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("engine: ffm"), reply.body());
        }
    }

    @Test
    void showAcceptsTheLegacyNameAndReadsTheHeader() {
        JsonNode show = json(Http.post(url + "/api/show", "{\"name\":\"tiny\"}").body());
        assertEquals("llama", show.at("/model_info/general.architecture").asText());
        assertTrue(show.at("/model_info/llama.context_length").asLong() > 0);
        assertTrue(show.get("template").asText().contains("im_start"));
        assertTrue(show.get("parameters").asText().contains("num_ctx 2048"));
        assertEquals("gguf", show.at("/details/format").asText());
        assertEquals(404, Http.post(url + "/api/show", "{\"model\":\"missing\"}").statusCode());
    }

    @Test
    void structuredOutputIsEnforcedOnBothApis() {
        String schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"],"
                + "\"additionalProperties\":false}";
        JsonNode openAi = json(Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Give n\"}],\"max_tokens\":300,"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"schema\":" + schema + "}}}").body());
        assertTrue(json(openAi.at("/choices/0/message/content").asText()).get("n").isIntegralNumber(), openAi.toString());

        JsonNode ollama = json(Http.post(url + "/api/chat", "{\"model\":\"tiny\",\"stream\":false,\"format\":" + schema
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Give n\"}],\"options\":{\"temperature\":0,\"num_predict\":300}}").body());
        assertTrue(json(ollama.at("/message/content").asText()).get("n").isIntegralNumber(), ollama.toString());

        var bad = Http.post(url + "/api/chat", "{\"model\":\"tiny\",\"format\":{\"type\":\"nonsense\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(json(bad.body()).get("error").asText().contains("nonsense"));
    }
}
