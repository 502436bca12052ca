package dev.helix.providers.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ServerKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Each fault does what it says, in the server's own manner, and waits only on gates the test opens. */
class FaultsTest {
    @AutoClose
    private static final Wire WIRE = new Wire();

    @Test
    void serverErrorsComeInEachServersShape() {
        try (var vllm = FakeUpstream.start(ServerKind.VLLM); var ollama = FakeUpstream.start(ServerKind.OLLAMA);
             var fastChat = FakeUpstream.start(ServerKind.FASTCHAT); var kobold = FakeUpstream.start(ServerKind.KOBOLDCPP)) {
            List.of(vllm, ollama, fastChat, kobold).forEach(f -> f.inject(Fault.ServerError.internal()));
            ObjectNode chat = FakeUpstreamTest.chatRequest(Dialect.OPENAI);
            var openAi = WIRE.post(vllm.baseUri(), "/v1/chat/completions", chat);
            assertEquals(500, openAi.statusCode());
            assertEquals("server_error", Json.parse(openAi.body()).at("/error/type").asText());
            var native_ = WIRE.post(ollama.baseUri(), "/api/chat", FakeUpstreamTest.chatRequest(Dialect.OLLAMA));
            assertEquals(500, native_.statusCode());
            assertTrue(Json.parse(native_.body()).path("error").isTextual(), native_.body());
            var flat = WIRE.post(fastChat.baseUri(), "/v1/chat/completions", chat);
            assertEquals(400, flat.statusCode(), "FastChat answers every error with 400");
            assertEquals(50001, Json.parse(flat.body()).path("code").asInt());
            assertEquals("error", Json.parse(flat.body()).path("object").asText());
            var detail = WIRE.post(kobold.baseUri(), "/api/v1/generate", FakeUpstreamTest.chatRequest(Dialect.KOBOLD_NATIVE));
            assertEquals(500, detail.statusCode());
            assertTrue(Json.parse(detail.body()).at("/detail/msg").isTextual(), detail.body());
            assertEquals(200, WIRE.get(vllm.baseUri(), "/health").statusCode(), "only generation fails by default");
        }
    }

    @Test
    void aHangLastsUntilTheGateOpens() throws Exception {
        try (var fake = FakeUpstream.start(ServerKind.LLAMA_SERVER); var client = HttpClient.newHttpClient()) {
            var gate = new Gate();
            fake.inject(new Fault.Hang(gate), Fault.Scope.EVERYTHING);
            CompletableFuture<HttpResponse<String>> answer = client.sendAsync(
                    HttpRequest.newBuilder(fake.baseUri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            gate.awaitArrivals(1, Wire.HANG_GUARD);
            assertFalse(answer.isDone(), "held at the gate");
            gate.open();
            assertEquals(200, answer.get(Wire.HANG_GUARD.toSeconds(), TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void closingTheFakeFreesAHandlerHeldAtTheGate() throws Exception {
        var gate = new Gate();
        var fake = FakeUpstream.start(ServerKind.OLLAMA);
        fake.inject(new Fault.Hang(gate));
        try (var client = HttpClient.newHttpClient()) {
            var answer = client.sendAsync(HttpRequest.newBuilder(fake.baseUri().resolve("/api/chat"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            gate.awaitArrivals(1, Wire.HANG_GUARD);
            assertTimeoutPreemptively(Wire.HANG_GUARD, fake::close);
            assertTrue(answer.handle((r, e) -> e != null).get(Wire.HANG_GUARD.toSeconds(), TimeUnit.SECONDS),
                    "the client sees the connection go");
        }
    }

    @Test
    void dyingMidStreamBreaksTheStreamAfterTheGivenTokens() throws Exception {
        try (var fake = FakeUpstream.builder(ServerKind.VLLM).reply("a", "b", "c", "d").start();
             var client = HttpClient.newHttpClient()) {
            fake.inject(new Fault.DieMidStream(2));
            var received = new ByteArrayOutputStream();
            HttpRequest chat = HttpRequest.newBuilder(fake.baseUri().resolve("/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(
                            FakeUpstreamTest.chatRequest(Dialect.OPENAI).put("stream", true)))).build();
            // every byte that arrived before the break, in order (a line reader may drop what it had not read yet)
            assertThrows(IOException.class, () -> client.send(chat, HttpResponse.BodyHandlers.ofByteArrayConsumer(
                    bytes -> bytes.ifPresent(received::writeBytes))));
            String body = received.toString(StandardCharsets.UTF_8);
            assertEquals("ab", SseEvents.parse(body).content());
            assertFalse(body.contains("[DONE]"));
        }
    }

    @Test
    void dyingMidBodyBreaksAWholeAnswer() {
        try (var fake = FakeUpstream.start(ServerKind.LOCALAI)) {
            fake.inject(new Fault.DieMidStream(0));
            assertThrows(UncheckedIOException.class, () -> WIRE.post(fake.baseUri(), "/v1/chat/completions",
                    FakeUpstreamTest.chatRequest(Dialect.OPENAI)));
        }
    }

    @Test
    void anErrorMidStreamComesInTheDialectsOwnFrameAfterTheGivenTokens() {
        try (var ollama = FakeUpstream.builder(ServerKind.OLLAMA).reply("a", "b", "c").start();
             var vllm = FakeUpstream.builder(ServerKind.VLLM).reply("a", "b", "c").start()) {
            List.of(ollama, vllm).forEach(f -> f.inject(new Fault.ErrorMidStream(1, "out of memory")));
            ObjectNode chat = FakeUpstreamTest.chatRequest(Dialect.OLLAMA).put("stream", true);
            List<JsonNode> lines = WIRE.post(ollama.baseUri(), "/api/chat", chat).body().lines().map(Json::parse)
                    .toList();
            assertEquals(2, lines.size());
            assertEquals("a", lines.getFirst().at("/message/content").asText());
            assertEquals("out of memory", lines.getLast().path("error").asText());
            var events = SseEvents.parse(WIRE.post(vllm.baseUri(), "/v1/chat/completions",
                    FakeUpstreamTest.chatRequest(Dialect.OPENAI).put("stream", true)).body());
            assertEquals("out of memory", events.json().getLast().at("/error/message").asText());
            assertEquals("a", events.content());
        }
    }

    @Test
    void malformedJsonIsAnOkAnswerThatDoesNotParse() {
        try (var fake = FakeUpstream.start(ServerKind.LM_STUDIO)) {
            fake.inject(new Fault.MalformedJson());
            var whole = WIRE.post(fake.baseUri(), "/v1/chat/completions", FakeUpstreamTest.chatRequest(Dialect.OPENAI));
            assertEquals(200, whole.statusCode());
            assertTrue(Json.parse(whole.body()).isMissingNode(), whole.body());
            var stream = WIRE.post(fake.baseUri(), "/v1/chat/completions",
                    FakeUpstreamTest.chatRequest(Dialect.OPENAI).put("stream", true));
            assertTrue(SseEvents.parse(stream.body()).json().getFirst().isMissingNode());
        }
    }

    @Test
    void aSlowStreamLetsOneTokenOutPerPermit() throws Exception {
        try (var fake = FakeUpstream.builder(ServerKind.LLAMA_SERVER).reply("a", "b", "c").start()) {
            var gate = new Gate();
            fake.inject(new Fault.Slow(gate));
            var lines = WIRE.postLines(fake.baseUri(), "/v1/chat/completions",
                    FakeUpstreamTest.chatRequest(Dialect.OPENAI).put("stream", true), Map.of());
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> lines.body().filter(l -> l.startsWith("data:"))
                    .forEach(events::add));
            for (String token : List.of("a", "b", "c")) {
                gate.awaitArrivals(1, Wire.HANG_GUARD);
                assertTrue(events.isEmpty(), "nothing passes a closed gate");
                gate.allow(1);
                JsonNode event = Json.parse(events.poll(Wire.HANG_GUARD.toSeconds(), TimeUnit.SECONDS).substring(5));
                assertEquals(token, event.at("/choices/0/delta/content").asText());
            }
            assertEquals("stop", Json.parse(events.poll(Wire.HANG_GUARD.toSeconds(), TimeUnit.SECONDS).substring(5))
                    .at("/choices/0/finish_reason").asText());
            assertEquals("data: [DONE]", events.poll(Wire.HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
            reader.join(Wire.HANG_GUARD);
        }
    }
}
