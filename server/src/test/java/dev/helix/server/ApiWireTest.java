package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wire details of tools, extras, auth, the bounded queue, copy/delete and fill-in-the-middle, byte by byte. */
@Timeout(120)
@Tag(TestEngine.TAG)
class ApiWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object",
              "properties":{"city":{"type":"string","enum":["Paris","Oslo"]}},"required":["city"]}}},
             {"type":"function","function":{"name":"get_time","parameters":{"type":"object",
              "properties":{"zone":{"type":"string"}}}}}]""";
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

    private static List<JsonNode> sseEvents(String body) {
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<JsonNode> events = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertTrue(event.startsWith("data: "), event);
            if (!event.equals("data: [DONE]")) {
                events.add(json(event.substring(6)));
            }
        }
        return events;
    }

    @Test
    void openAiStreamsToolCallsAsIndexIdNameThenArguments() {
        var r = Http.post(url + "/v1/chat/completions", "{\"model\":\"scripted\",\"stream\":true,\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather and time?\"}]}");
        assertEquals(200, r.statusCode());
        List<JsonNode> events = sseEvents(r.body());
        assertEquals("assistant", events.get(0).at("/choices/0/delta/role").asText());
        List<JsonNode> fragments = events.stream().map(e -> e.at("/choices/0/delta/tool_calls/0"))
                .filter(n -> !n.isMissingNode()).toList();
        assertEquals(4, fragments.size(), r.body());
        for (int call = 0; call < 2; call++) {
            JsonNode first = fragments.get(2 * call);
            JsonNode second = fragments.get(2 * call + 1);
            assertEquals(call, first.get("index").asInt());
            assertTrue(first.get("id").asText().startsWith("call_"));
            assertEquals("function", first.get("type").asText());
            assertEquals("", first.at("/function/arguments").asText());
            assertEquals(call, second.get("index").asInt());
            assertFalse(second.has("id"));
            json(second.at("/function/arguments").asText());
        }
        assertEquals("get_weather", fragments.get(0).at("/function/name").asText());
        assertEquals("{\"city\":\"Paris\"}", fragments.get(1).at("/function/arguments").asText());
        assertEquals("get_time", fragments.get(2).at("/function/name").asText());
        assertEquals("tool_calls", events.get(events.size() - 1).at("/choices/0/finish_reason").asText());
        assertTrue(events.stream().noneMatch(e -> e.at("/choices/0/delta/content").asText("").contains("tool_call")),
                "no call leaks into the text: " + r.body());
    }

    @Test
    void openAiNonStreamedCallsHaveNullContentAndStringArguments() {
        JsonNode body = json(Http.post(url + "/v1/chat/completions", "{\"model\":\"scripted\",\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body());
        JsonNode message = body.at("/choices/0/message");
        assertTrue(message.get("content").isNull(), body.toString());
        assertEquals("tool_calls", body.at("/choices/0/finish_reason").asText());
        assertEquals(2, message.get("tool_calls").size());
        assertTrue(message.at("/tool_calls/0/function/arguments").isTextual());

        JsonNode none = json(Http.post(url + "/v1/chat/completions", "{\"model\":\"scripted\",\"tools\":" + TOOLS
                + ",\"tool_choice\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body());
        assertTrue(none.at("/choices/0/message/content").asText().startsWith("<tool_call>"), none.toString());
        assertEquals("stop", none.at("/choices/0/finish_reason").asText());
    }

    @Test
    void aNamedToolChoiceIsForcedOnARandomModelAndAHistoryWithCallsRenders() {
        JsonNode body = json(Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"temperature\":0,"
                + "\"max_tokens\":200,\"tools\":" + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\"}},\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{\\\"zone\\\":\\\"UTC\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"12:00\"}]}").body());
        JsonNode call = body.at("/choices/0/message/tool_calls/0/function");
        assertEquals("get_weather", call.get("name").asText(), body.toString());
        assertTrue(List.of("Paris", "Oslo").contains(json(call.get("arguments").asText()).get("city").asText()));

        var bad = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":"
                + "\"{not json\"}}]}]}");
        assertEquals(400, bad.statusCode());
        assertEquals("messages[0].tool_calls[0].function.arguments", json(bad.body()).at("/error/param").asText());
        var unknown = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"tools\":" + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals("tool_choice", json(unknown.body()).at("/error/param").asText());
    }

    @Test
    void ollamaSendsCallsWholeWithObjectArgumentsInOneLine() {
        var r = Http.post(url + "/api/chat", "{\"model\":\"scripted\",\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"tool_name\":\"get_time\","
                + "\"content\":\"12:00\"}]}");
        assertEquals(200, r.statusCode());
        List<JsonNode> lines = r.body().lines().map(ApiWireTest::json).toList();
        List<JsonNode> withCalls = lines.stream().filter(l -> l.at("/message/tool_calls").isArray()).toList();
        assertEquals(1, withCalls.size(), r.body());
        JsonNode calls = withCalls.get(0).at("/message/tool_calls");
        assertEquals(2, calls.size());
        assertEquals("Paris", calls.at("/0/function/arguments/city").asText());
        assertEquals(1, calls.at("/1/function/index").asInt());
        JsonNode last = lines.get(lines.size() - 1);
        assertTrue(last.get("done").asBoolean());
        assertEquals("stop", last.get("done_reason").asText());
    }

    @Test
    void llamaCppExtras() {
        assertEquals("{\"status\":\"ok\"}", Http.get(url + "/health").body());
        JsonNode tokens = json(Http.post(url + "/tokenize", "{\"model\":\"tiny\",\"content\":\"hello world\","
                + "\"add_special\":true,\"with_pieces\":true}").body()).get("tokens");
        assertEquals(1, tokens.get(0).get("id").asInt(), "BOS first: " + tokens);
        JsonNode plain = json(Http.post(url + "/tokenize", "{\"model\":\"tiny\",\"content\":\"hello world\"}").body());
        assertEquals(tokens.size() - 1, plain.get("tokens").size());
        String text = json(Http.post(url + "/detokenize", "{\"model\":\"tiny\",\"tokens\":" + plain.get("tokens")
                + "}").body()).get("content").asText();
        assertEquals("hello world", text.strip());
        var missing = Http.post(url + "/tokenize", "{\"model\":\"nope\",\"content\":\"x\"}");
        assertEquals(404, missing.statusCode());
        assertEquals("model_not_found", json(missing.body()).at("/error/code").asText());
        String prompt = json(Http.post(url + "/apply-template", "{\"model\":\"tiny\",\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body()).get("prompt").asText();
        assertTrue(prompt.contains("<|im_start|>user\nHi<|im_end|>") && prompt.contains("get_weather"), prompt);
    }

    @Test
    void anApiKeyGuardsEverythingButTheProbes() throws Exception {
        try (HelixServer guarded = TestServer.shared().startHttp(new ServerSettings("127.0.0.1", 0, 1 << 20)
                .withApiKey("s3cret"))) {
            String base = "http://127.0.0.1:" + guarded.port();
            var openAi = Http.get(base + "/v1/models");
            assertEquals(401, openAi.statusCode());
            assertEquals("Bearer", openAi.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals("authentication_error", json(openAi.body()).at("/error/type").asText());
            var ollama = Http.get(base + "/api/tags");
            assertEquals(401, ollama.statusCode());
            assertTrue(json(ollama.body()).get("error").isTextual());
            assertEquals(200, Http.get(base + "/").statusCode());
            assertEquals(200, Http.get(base + "/health").statusCode());
            var wrong = send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).header("Authorization",
                    "Bearer nope").GET().build());
            assertEquals(401, wrong.statusCode());
            var right = send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).header("Authorization",
                    "Bearer s3cret").GET().build());
            assertEquals(200, right.statusCode());
        }
    }

    @Test
    void aFullBoundedQueueAnswers429WithRetryAfter() throws Exception {
        try (HelixServer bounded = TestServer.shared().startHttp(new ServerSettings("127.0.0.1", 0, 1 << 20)
                .withMaxPendingRequests(1))) {
            String body = "{\"model\":\"tiny\",\"prompt\":\"Once\",\"raw\":true,\"options\":{\"num_predict\":1800}}";
            try (var socket = new Socket("127.0.0.1", bounded.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                in.read(new byte[64]); // the stream started: the request holds its place until the socket closes
                String base = "http://127.0.0.1:" + bounded.port();
                var refused = Http.post(base + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2}");
                if (refused.statusCode() == 200) {
                    return; // the first generation already ended (fast machine): nothing left to hold the queue
                }
                assertEquals(429, refused.statusCode(), refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
                assertEquals("rate_limit_error", json(refused.body()).at("/error/type").asText());
            }
        }
    }

    @Test
    void copyMakesANameDeleteRemovesOnlySuchNames() {
        assertEquals(200, Http.post(url + "/api/copy", "{\"source\":\"tiny\",\"destination\":\"my-copy\"}")
                .statusCode());
        assertTrue(Http.get(url + "/api/tags").body().contains("\"my-copy:latest\""));
        var chat = Http.post(url + "/api/chat", "{\"model\":\"my-copy:latest\",\"stream\":false,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"x\"}],\"options\":{\"num_predict\":2}}");
        assertEquals(200, chat.statusCode(), chat.body());
        assertEquals(200, Http.method("DELETE", url + "/api/delete", "{\"model\":\"my-copy\"}").statusCode());
        assertEquals(404, Http.post(url + "/api/show", "{\"model\":\"my-copy\"}").statusCode());
        assertEquals(404, Http.method("DELETE", url + "/api/delete", "{\"model\":\"nope\"}").statusCode());
        assertEquals(404, Http.post(url + "/api/copy", "{\"source\":\"nope\",\"destination\":\"x\"}").statusCode());
        var pull = Http.post(url + "/api/pull", "{\"model\":\"a/b/c:d\",\"stream\":false}");
        assertEquals(400, pull.statusCode());
        assertTrue(json(pull.body()).get("error").asText().contains("llama3.2:1b, NAMESPACE/NAME:TAG"), pull.body());
        assertTrue(json(pull.body()).get("error").asText().contains("hf.co/ORG/REPO:QUANT"), pull.body());
        var push = Http.post(url + "/api/push", "{\"model\":\"tiny\"}");
        assertEquals(501, push.statusCode());
        assertTrue(json(push.body()).get("error").asText().contains("not supported"), push.body());
    }

    @Test
    void fillInTheMiddleWhereTheModelHasFimTokensAndA400Elsewhere() {
        JsonNode fim = json(Http.post(url + "/v1/completions", "{\"model\":\"scripted\",\"prompt\":\"def f(\","
                + "\"suffix\":\")\",\"max_tokens\":50}").body());
        assertTrue(fim.at("/choices/0/text").asText().startsWith("<tool_call>"), fim.toString());
        var ollama = json(Http.post(url + "/api/generate", "{\"model\":\"scripted\",\"prompt\":\"a\",\"suffix\":\"b\","
                + "\"stream\":false}").body());
        assertTrue(ollama.get("response").asText().startsWith("<tool_call>"), ollama.toString());
        var refused = Http.post(url + "/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"a\",\"suffix\":\"b\"}");
        assertEquals(400, refused.statusCode());
        assertEquals("suffix", json(refused.body()).at("/error/param").asText());
        assertTrue(json(Http.post(url + "/api/show", "{\"model\":\"scripted\"}").body()).get("capabilities")
                .toString().contains("insert"));
    }

    @Test
    void unsupportedFieldsAreClear400sNamingTheField() {
        var topAlone = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}],\"top_logprobs\":3}");
        assertEquals(400, topAlone.statusCode());
        assertEquals("top_logprobs", json(topAlone.body()).at("/error/param").asText(), topAlone.body());
        if (TestServer.engine(dev.helix.runtime.Engine.BINDING) == dev.helix.runtime.Engine.BINDING) {
            var r = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"x\"}],\"logprobs\":true}");
            assertEquals(400, r.statusCode());
            assertTrue(json(r.body()).at("/error/message").asText().contains("engine: ffm"), r.body());
        }
        var image = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}]}");
        assertEquals(400, image.statusCode());
        var ollamaImage = Http.post(url + "/api/generate", "{\"model\":\"tiny\",\"prompt\":\"x\",\"images\":[\"AA==\"]}");
        assertEquals(400, ollamaImage.statusCode());
        var n = Http.post(url + "/v1/chat/completions", "{\"model\":\"tiny\",\"n\":2,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}");
        assertEquals("n", json(n.body()).at("/error/param").asText());
        var template = Http.post(url + "/api/generate", "{\"model\":\"tiny\",\"prompt\":\"x\",\"template\":"
                + "\"{{ template \\\"other\\\" }}\"}");
        assertEquals(400, template.statusCode());
        assertTrue(json(template.body()).get("error").asText().startsWith("template:"), template.body());
    }

    @Test
    void samplingExtrasAndBatchesAreAccepted() {
        JsonNode biased = json(Http.post(url + "/v1/completions", "{\"model\":\"tiny\",\"prompt\":[\"Once\",\"Twice\"],"
                + "\"max_tokens\":3,\"temperature\":0,\"typical_p\":0.9,\"logit_bias\":{\"300\":100}}").body());
        assertEquals(2, biased.get("choices").size(), biased.toString());
        assertEquals(1, biased.at("/choices/1/index").asInt());
        String forced = json(Http.post(url + "/detokenize", "{\"model\":\"tiny\",\"tokens\":[300,300,300]}").body())
                .get("content").asText();
        assertEquals(forced, biased.at("/choices/0/text").asText(), "a +100 bias forces the token");
        JsonNode ids = json(Http.post(url + "/v1/completions", "{\"model\":\"tiny\",\"prompt\":[1,300],"
                + "\"max_tokens\":2}").body());
        assertEquals(1, ids.get("choices").size());
        JsonNode templated = json(Http.post(url + "/api/generate", "{\"model\":\"tiny\",\"stream\":false,"
                + "\"system\":\"S\",\"prompt\":\"P\",\"template\":\"{{- if .System }}[{{ .System }}]{{ end }} "
                + "{{ .Prompt }}\",\"options\":{\"num_predict\":2,\"typical_p\":0.5,\"mirostat\":1}}").body());
        assertTrue(templated.get("done").asBoolean(), templated.toString());
        JsonNode embed = json(Http.post(url + "/api/embed", "{\"model\":\"tiny\",\"input\":\"hello there my friend\","
                + "\"dimensions\":8}").body());
        assertEquals(8, embed.at("/embeddings/0").size());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
