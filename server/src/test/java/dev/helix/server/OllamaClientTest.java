package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestEngine;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.models.embed.OllamaEmbedRequest;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.github.ollama4j.models.generate.OllamaGenerateStreamObserver;
import io.github.ollama4j.models.request.ThinkMode;
import io.github.ollama4j.models.response.Model;
import io.github.ollama4j.models.response.OllamaResult;
import io.github.ollama4j.utils.OptionsBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollama4j.tools.Tools;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ollama4j, an Ollama client from Maven Central, unchanged, against a real Helix server. */
@Timeout(120)
@Tag(TestEngine.TAG)
class OllamaClientTest {
    private static Ollama ollama;

    @BeforeAll
    static void connect() {
        ollama = new Ollama(TestServer.shared().url());
        ollama.setRequestTimeoutSeconds(60);
    }

    private static io.github.ollama4j.utils.Options greedy(int tokens) {
        return new OptionsBuilder().setTemperature(0f).setNumPredict(tokens).build();
    }

    @Test
    void pingAndVersion() throws OllamaException {
        assertTrue(ollama.ping());
        assertTrue(ollama.getVersion().matches("\\d+\\.\\d+\\.\\d+"), ollama.getVersion());
    }

    @Test
    void tagsListEveryModelWithTheLatestTag() throws OllamaException {
        List<String> names = ollama.listModels().stream().map(Model::getName).toList();
        assertTrue(names.containsAll(List.of("tiny:latest", "plain:latest")), names.toString());
        Model tiny = ollama.listModels().stream().filter(m -> m.getName().equals("tiny:latest")).findFirst().orElseThrow();
        assertTrue(tiny.getSize() > 0);
        assertEquals(64, tiny.getDigest().length());
    }

    @Test
    void chat() throws OllamaException {
        OllamaChatRequest request = OllamaChatRequest.builder().withModel("tiny")
                .withMessage(OllamaChatMessageRole.SYSTEM, "You are terse.")
                .withMessage(OllamaChatMessageRole.USER, "Say hello").withOptions(greedy(10)).build();
        OllamaChatResult result = ollama.chat(request, null);
        var response = result.getResponseModel();
        assertTrue(response.isDone());
        assertFalse(response.getMessage().getResponse().isEmpty());
        assertEquals("assistant", response.getMessage().getRole().getRoleName());
        assertTrue(response.getEvalCount() > 0 && response.getEvalCount() <= 10);
        assertTrue(response.getPromptEvalCount() > 0);
        assertTrue(List.of("stop", "length").contains(response.getDoneReason()));
    }

    @Test
    void streamingChatGivesTheSameTextAsNonStreaming() throws OllamaException {
        var whole = ollama.chat(OllamaChatRequest.builder().withModel("tiny")
                .withMessage(OllamaChatMessageRole.USER, "Tell a story").withOptions(greedy(16)).build(), null)
                .getResponseModel().getMessage().getResponse();
        var streamed = new StringBuilder();
        ollama.chat(OllamaChatRequest.builder().withModel("tiny").withMessage(OllamaChatMessageRole.USER, "Tell a story")
                .withOptions(greedy(16)).withStreaming().build(), part -> streamed.append(part.getMessage().getResponse()));
        assertEquals(whole, streamed.toString());
    }

    @Test
    void generate() throws OllamaException {
        OllamaResult result = ollama.generate(OllamaGenerateRequest.builder().withModel("tiny").withPrompt("Once upon a time")
                .withOptions(greedy(8)).build(), null);
        assertFalse(result.getResponse().isEmpty());
        assertTrue(result.isDone());
    }

    @Test
    void streamingGenerateGivesTheSameTextAsNonStreaming() throws OllamaException {
        String whole = ollama.generate(OllamaGenerateRequest.builder().withModel("tiny").withPrompt("Once upon a time")
                .withOptions(greedy(12)).build(), null).getResponse();
        var streamed = new StringBuilder();
        OllamaResult result = ollama.generate(OllamaGenerateRequest.builder().withModel("tiny")
                .withPrompt("Once upon a time").withOptions(greedy(12)).withStreaming(true)
                        .withThink(ThinkMode.DISABLED).build(),
                new OllamaGenerateStreamObserver(null, streamed::append));
        assertEquals(whole, streamed.toString());
        assertEquals(whole, result.getResponse());
    }

    @Test
    void embed() throws OllamaException {
        var result = ollama.embed(new OllamaEmbedRequest("tiny",
                List.of("hello there my good friend", "what a wonderful world it is")));
        assertEquals(2, result.getEmbeddings().size());
        assertTrue(result.getEmbeddings().get(0).size() > 0);
    }

    @Test
    void toolCallsAreParsedAndAnsweredByTheClient() throws OllamaException {
        Map<String, Object> seen = new ConcurrentHashMap<>();
        var city = Tools.Property.builder().type("string").enumValues(List.of("Paris", "Oslo")).required(true).build();
        var zone = Tools.Property.builder().type("string").required(true).build();
        var weather = Tools.Tool.builder().toolSpec(Tools.ToolSpec.builder().name("get_weather").description("Weather")
                        .parameters(Tools.Parameters.of(Map.of("city", city))).build())
                .toolFunction(arguments -> {
                    seen.put("get_weather", arguments.get("city"));
                    return "sunny";
                }).build();
        var time = Tools.Tool.builder().toolSpec(Tools.ToolSpec.builder().name("get_time").description("Time")
                        .parameters(Tools.Parameters.of(Map.of("zone", zone))).build())
                .toolFunction(arguments -> {
                    seen.put("get_time", arguments.get("zone"));
                    return "12:00";
                }).build();
        ollama.setMaxChatToolCallRetries(1);
        OllamaChatResult result = ollama.chat(OllamaChatRequest.builder().withModel("scripted")
                .withMessage(OllamaChatMessageRole.USER, "Weather and time?").withTools(new java.util.ArrayList<>(List.of(weather, time)))
                .withUseTools(true).withOptions(greedy(100)).build(), null);
        assertEquals(Map.of("get_weather", "Paris", "get_time", "UTC"), seen);
        var history = result.getChatHistory();
        assertTrue(history.stream().anyMatch(m -> m.getRole().getRoleName().equals("tool")), history.toString());
    }

    @Test
    void abandoningAStreamMidwayFreesTheModel() throws Exception {
        var pieces = new java.util.concurrent.atomic.AtomicInteger();
        var request = OllamaChatRequest.builder().withModel("tiny").withMessage(OllamaChatMessageRole.USER,
                "Tell a long story").withOptions(greedy(1500)).withStreaming().build();
        assertThrows(Exception.class, () -> ollama.chat(request, part -> {
            if (pieces.incrementAndGet() == 3) {
                throw new IllegalStateException("the reader has seen enough");
            }
        }));
        assertEquals(3, pieces.get());
        TestServer.awaitIdle("tiny");
        assertFalse(ollama.chat(OllamaChatRequest.builder().withModel("tiny").withMessage(OllamaChatMessageRole.USER,
                "hi").withOptions(greedy(4)).build(), null).getResponseModel().getMessage().getResponse().isEmpty());
    }

    @Test
    void formatSchemaIsEnforced() throws Exception {
        var request = OllamaChatRequest.builder().withModel("tiny").withMessage(OllamaChatMessageRole.USER, "Give n")
                .withOptions(greedy(300)).build();
        request.setFormat(Map.of("type", "object", "properties", Map.of("n", Map.of("type", "integer")),
                "required", List.of("n")));
        String content = ollama.chat(request, null).getResponseModel().getMessage().getResponse();
        assertTrue(new ObjectMapper().readTree(content).get("n").isIntegralNumber(), content);
    }

    @Test
    void unknownModelRaisesTheClientsError() {
        var error = assertThrows(OllamaException.class, () -> ollama.chat(OllamaChatRequest.builder()
                .withModel("no-such-model").withMessage(OllamaChatMessageRole.USER, "hi").build(), null));
        assertTrue(error.getMessage().contains("not found"), error.getMessage());
    }
}
