package dev.helix.providers.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.AuthHeader;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.Reply;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind's fake answers as its profile says: health, listing, chat (whole and streamed), auth. */
class FakeUpstreamTest {
    @AutoClose
    private static final Wire WIRE = new Wire();

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void answersItsHealthProbeTheHealthyWay(ServerKind kind) {
        try (var fake = FakeUpstream.start(kind)) {
            ServerProfile profile = fake.profile();
            HttpResponse<String> health = WIRE.get(fake.baseUri(), profile.health().path(), keyHeaders(fake));
            assertTrue(profile.health().matches(Reply.of(health.statusCode(), health.headers().map(), health.body())),
                    kind + " health: " + health.statusCode() + " " + health.body());
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void chatsInItsPreferredDialectWithTheScriptedReply(ServerKind kind) {
        try (var fake = FakeUpstream.builder(kind).reply("Hi", " there").start()) {
            ObjectNode chat = chatRequest(fake.profile().preferredDialect());
            String path = switch (fake.profile().preferredDialect()) {
                case OPENAI -> "/v1/chat/completions";
                case OLLAMA -> "/api/chat";
                case KOBOLD_NATIVE -> "/api/v1/generate";
            };
            HttpResponse<String> answer = WIRE.post(fake.baseUri(), path, chat, keyHeaders(fake));
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode json = Json.parse(answer.body());
            String text = switch (fake.profile().preferredDialect()) {
                case OPENAI -> json.at("/choices/0/message/content").asText();
                case OLLAMA -> json.at("/message/content").asText();
                case KOBOLD_NATIVE -> json.at("/results/0/text").asText();
            };
            assertEquals("Hi there", text);
            RecordedRequest received = fake.requests("POST " + path).getFirst();
            assertEquals("fake-model", received.json().path("model").asText(), "the request is recorded as sent");
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void streamsOpenAiChatInItsOwnFramingOrRefusesTo(ServerKind kind) {
        ServerProfile profile = ServerProfiles.of(kind);
        if (!profile.speaks(Dialect.OPENAI)) {
            return;
        }
        try (var fake = FakeUpstream.builder(kind).reply("Hi", " there").start()) {
            ObjectNode chat = chatRequest(Dialect.OPENAI).put("stream", true);
            chat.set("stream_options", Json.object().put("include_usage", true));
            HttpResponse<String> answer = WIRE.post(fake.baseUri(), "/v1/chat/completions", chat, keyHeaders(fake));
            if (!profile.streams()) {
                assertEquals(400, answer.statusCode());
                assertEquals("'stream' is not supported", Json.parse(answer.body()).at("/error/message").asText());
                return;
            }
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            SseEvents events = SseEvents.parse(answer.body());
            assertEquals("[DONE]", events.data().getLast());
            assertEquals("Hi there", events.content());
            boolean usageSomewhere = events.json().stream().anyMatch(e -> e.has("usage"));
            assertEquals(profile.streaming().usage() != dev.helix.providers.upstream.StreamShape.Usage.NONE,
                    usageSomewhere, "usage where " + kind + " puts it");
        }
    }

    @Test
    void ollamaStreamsNdjsonEndingDoneWithNanosecondDurations() {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("a", "b").start()) {
            ObjectNode chat = chatRequest(Dialect.OLLAMA);
            chat.remove("stream"); // absent: Ollama streams
            HttpResponse<String> answer = WIRE.post(fake.baseUri(), "/api/chat", chat);
            assertEquals("application/x-ndjson", answer.headers().firstValue("Content-Type").orElseThrow());
            List<JsonNode> lines = answer.body().lines().map(Json::parse).toList();
            assertEquals(3, lines.size());
            assertEquals("a", lines.getFirst().at("/message/content").asText());
            JsonNode last = lines.getLast();
            assertTrue(last.path("done").asBoolean());
            assertEquals("stop", last.path("done_reason").asText());
            assertEquals(2, last.path("eval_count").asInt());
            assertTrue(last.path("eval_duration").asLong() >= 1_000_000L, "nanoseconds");
        }
    }

    @Test
    void koboldCppStreamsMessageEventsWithTokens() {
        try (var fake = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply("x", "y").start()) {
            HttpResponse<String> answer = WIRE.post(fake.baseUri(), "/api/extra/generate/stream",
                    Json.object().put("prompt", "hi").put("max_length", 8));
            SseEvents events = SseEvents.parse(answer.body());
            assertEquals(List.of("message", "message", "message"), events.names());
            assertEquals("xy", events.json().stream().map(e -> e.path("token").asText()).reduce("", String::concat));
            assertEquals("stop", events.json().getLast().path("finish_reason").asText());
        }
    }

    @Test
    void aKeyIsAskedForInTheKindsHeadersAndRefusedInItsShape() {
        try (var jan = FakeUpstream.start(ServerKind.JAN); var tabby = FakeUpstream.start(ServerKind.TABBYAPI)) {
            HttpResponse<String> refused = WIRE.get(jan.baseUri(), "/v1/models");
            assertEquals(401, refused.statusCode());
            assertEquals("Missing authorization header", refused.body());
            assertEquals(200, WIRE.get(jan.baseUri(), "/", Map.of()).statusCode(), "Jan's docs page is open");
            assertEquals(200, WIRE.get(jan.baseUri(), "/v1/models", keyHeaders(jan)).statusCode());
            assertEquals(200, WIRE.get(tabby.baseUri(), "/v1/models", Map.of("X-API-Key", FakeUpstream.DEFAULT_KEY))
                    .statusCode());
            HttpResponse<String> wrong = WIRE.get(tabby.baseUri(), "/v1/models", Map.of("X-API-Key", "nope"));
            assertEquals("Invalid API key", Json.parse(wrong.body()).at("/error/message").asText());
        }
    }

    @Test
    void unsupportedFieldsAreRefusedWhereTheServerRefusesThem() {
        try (var fake = FakeUpstream.start(ServerKind.GPT4ALL)) {
            ObjectNode chat = chatRequest(Dialect.OPENAI);
            chat.set("tools", Json.array().add(Json.object().put("type", "function")));
            HttpResponse<String> answer = WIRE.post(fake.baseUri(), "/v1/chat/completions", chat);
            assertEquals(400, answer.statusCode());
            assertEquals("'tools' is not supported", Json.parse(answer.body()).at("/error/message").asText());
        }
    }

    @Test
    void reasoningGoesWhereTheServerPutsIt() {
        try (var llama = FakeUpstream.builder(ServerKind.LLAMA_SERVER).script(Script.defaultFor(ServerKind.LLAMA_SERVER)
                .withTokens("4").withThinking("2+2")).start();
             var mlx = FakeUpstream.builder(ServerKind.MLX).script(Script.defaultFor(ServerKind.MLX)
                     .withTokens("4").withThinking("2+2")).start()) {
            JsonNode apart = Json.parse(WIRE.post(llama.baseUri(), "/v1/chat/completions", chatRequest(Dialect.OPENAI))
                    .body()).at("/choices/0/message");
            assertEquals("2+2", apart.path("reasoning_content").asText());
            assertEquals("4", apart.path("content").asText());
            JsonNode inline = Json.parse(WIRE.post(mlx.baseUri(), "/v1/chat/completions", chatRequest(Dialect.OPENAI))
                    .body()).at("/choices/0/message");
            assertEquals("<think>2+2</think>4", inline.path("content").asText());
            assertFalse(inline.has("reasoning_content"));
        }
    }

    @Test
    void aTokenLimitCutsTheReplyWithFinishReasonLength() {
        try (var fake = FakeUpstream.builder(ServerKind.VLLM).reply("a", "b", "c").start()) {
            JsonNode answer = Json.parse(WIRE.post(fake.baseUri(), "/v1/chat/completions",
                    chatRequest(Dialect.OPENAI).put("max_tokens", 2)).body());
            assertEquals("ab", answer.at("/choices/0/message/content").asText());
            assertEquals("length", answer.at("/choices/0/finish_reason").asText());
            assertEquals(2, answer.at("/usage/completion_tokens").asInt());
        }
    }

    @Test
    void toolCallsComeWhenToolsAreOfferedWithObjectArgumentsOnOllamaAndStringsOnOpenAi() {
        Script script = Script.defaultFor(ServerKind.OLLAMA).withTokens().withToolCalls(
                new Script.ToolCall("get_weather", "{\"city\":\"Paris\"}"));
        try (var ollama = FakeUpstream.builder(ServerKind.OLLAMA).script(script).start();
             var vllm = FakeUpstream.builder(ServerKind.VLLM).script(script).start()) {
            ObjectNode plain = chatRequest(Dialect.OLLAMA);
            assertFalse(Json.parse(WIRE.post(ollama.baseUri(), "/api/chat", plain).body()).at("/message")
                    .has("tool_calls"), "no tools offered, no calls");
            ObjectNode offered = plain.deepCopy();
            offered.set("tools", Json.array().add(Json.object().put("type", "function")));
            JsonNode call = Json.parse(WIRE.post(ollama.baseUri(), "/api/chat", offered).body())
                    .at("/message/tool_calls/0/function");
            assertEquals("get_weather", call.path("name").asText());
            assertEquals("Paris", call.at("/arguments/city").asText(), "an object");
            List<JsonNode> lines = WIRE.post(ollama.baseUri(), "/api/chat", offered.deepCopy().put("stream", true))
                    .body().lines().map(Json::parse).toList();
            assertEquals("Paris", lines.getFirst().at("/message/tool_calls/0/function/arguments/city").asText());
            assertEquals("stop", lines.getLast().path("done_reason").asText(), "Ollama says stop even then");

            ObjectNode openAi = chatRequest(Dialect.OPENAI).put("stream", true);
            openAi.set("tools", offered.get("tools"));
            SseEvents events = SseEvents.parse(WIRE.post(vllm.baseUri(), "/v1/chat/completions", openAi).body());
            List<JsonNode> fragments = events.json().stream().map(e -> e.at("/choices/0/delta/tool_calls/0"))
                    .filter(JsonNode::isObject).toList();
            assertEquals("get_weather", fragments.getFirst().at("/function/name").asText());
            assertEquals("{\"city\":\"Paris\"}", fragments.getLast().at("/function/arguments").asText(), "a string");
            assertTrue(events.json().stream().anyMatch(e -> e.at("/choices/0/finish_reason").asText().equals("tool_calls")));
        }
    }

    @Test
    void ollamaEmbedsEachInput() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA)) {
            ObjectNode embed = Json.object().put("model", "fake-model");
            embed.set("input", Json.array().add("a b").add("cde"));
            JsonNode answer = Json.parse(WIRE.post(fake.baseUri(), "/api/embed", embed).body());
            assertEquals(2, answer.path("embeddings").size());
            assertEquals(3, answer.at("/embeddings/1/0").asInt());
            assertEquals(3, answer.path("prompt_eval_count").asInt());
        }
    }

    @Test
    void aFakeWithoutAnEndpointAnswersItWithItsOwn404() {
        try (var united = FakeUpstream.builder(ServerKind.KOBOLDCPP).without("/api/extra/version").start()) {
            HttpResponse<String> missing = WIRE.get(united.baseUri(), "/api/extra/version");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("this endpoint does not exist"), missing.body());
            assertEquals(200, WIRE.get(united.baseUri(), "/api/v1/model").statusCode());
        }
    }

    static ObjectNode chatRequest(Dialect dialect) {
        if (dialect == Dialect.KOBOLD_NATIVE) {
            return Json.object().put("model", "fake-model").put("prompt", "Say hi").put("max_length", 16);
        }
        ObjectNode chat = Json.object().put("model", "fake-model");
        chat.set("messages", Json.array().add(Json.object().put("role", "user").put("content", "Say hi")));
        return dialect == Dialect.OLLAMA ? chat.put("stream", false) : chat;
    }

    static Map<String, String> keyHeaders(FakeUpstream fake) {
        return fake.apiKey().map(key -> {
            AuthHeader header = fake.profile().auth().headers().getFirst();
            return Map.of(header.header(), header.value(key));
        }).orElse(Map.of());
    }
}
