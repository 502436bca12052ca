package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Models that declare their pooling ({@code llama.pooling_type}), through the real server with the official OpenAI
 * SDK and Ollama's {@code /api/embed}: on {@code engine: ffm} MEAN, CLS and LAST each give their own vectors,
 * batched requests give what each input gives alone; on {@code engine: binding} a MEAN model is refused, in each
 * API's shape and naming {@code engine: ffm}, and the server and that model's runner go on serving.
 */
@Timeout(180)
class PooledEmbeddingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEXTS = List.of("hello world and all of you", "a", "goodbye my friend");
    private static ModelRouter router;
    private static HelixServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        var ffm = ModelLoadOptions.DEFAULTS.withContextSize(256).withParallel(2).withEngine(Engine.FFM);
        var entries = List.of(
                new ModelEntry("mean", TestModels.tinyPooled(1), List.of(), ffm, null),
                new ModelEntry("cls", TestModels.tinyPooled(2), List.of(), ffm, null),
                new ModelEntry("last", TestModels.tinyPooled(3), List.of(), ffm, null),
                new ModelEntry("unpooled", TestModels.tiny(), List.of(), ffm, null),
                new ModelEntry("mean-binding", TestModels.tinyPooled(1), List.of(),
                        ffm.withEngine(Engine.BINDING), null));
        var catalog = new ModelCatalog(Files.createTempDirectory("helix-pooled-"), entries, ffm);
        var events = dev.helix.server.observe.Observability.create(
                dev.helix.router.config.ObservabilityConfig.DEFAULTS).events();
        router = new ModelRouter(catalog, LlamaCppProviders.runners(RunnerSettings.defaults(), events),
                RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)), events);
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey("not-needed").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        router.close();
    }

    private static List<float[]> openAi(String model, List<String> inputs) {
        return client.embeddings().create(EmbeddingCreateParams.builder().model(model).inputOfArrayOfStrings(inputs)
                .build()).data().stream().map(e -> {
                    float[] v = new float[e.embedding().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = e.embedding().get(i);
                    }
                    return v;
                }).toList();
    }

    @Test
    void eachPoolingGivesItsOwnVectorsAndABatchGivesWhatEachInputGivesAlone() {
        for (String model : List.of("mean", "cls", "last")) {
            List<float[]> together = openAi(model, TEXTS);
            assertEquals(TEXTS.size(), together.size(), model);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertClose(openAi(model, List.of(TEXTS.get(i))).get(0), together.get(i), model + " " + i);
                double norm = 0;
                for (float x : together.get(i)) {
                    norm += x * x;
                }
                assertEquals(1.0, Math.sqrt(norm), 1e-3, model + " vectors are normalised");
            }
        }
        // a causal model's first token is its BOS whatever the text: CLS gives one vector for every input
        List<float[]> cls = openAi("cls", TEXTS);
        assertClose(cls.get(0), cls.get(1), "cls");
        // LAST is what a model without a pooling key gets; MEAN is neither
        List<float[]> last = openAi("last", TEXTS);
        List<float[]> unpooled = openAi("unpooled", TEXTS);
        List<float[]> mean = openAi("mean", TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertClose(unpooled.get(i), last.get(i), "last " + i);
            assertNotEquals(java.util.Arrays.toString(last.get(i)), java.util.Arrays.toString(mean.get(i)));
            assertNotEquals(java.util.Arrays.toString(cls.get(i)), java.util.Arrays.toString(mean.get(i)));
        }
    }

    @Test
    void ollamaEmbedGivesTheSameVectorsAsOpenAi() throws Exception {
        var response = Http.post(url() + "/api/embed", "{\"model\":\"mean\",\"input\":"
                + JSON.writeValueAsString(TEXTS) + "}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode embeddings = JSON.readTree(response.body()).get("embeddings");
        List<float[]> expected = openAi("mean", TEXTS);
        assertEquals(TEXTS.size(), embeddings.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] v = new float[embeddings.get(i).size()];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) embeddings.get(i).get(d).asDouble();
            }
            assertClose(expected.get(i), v, "ollama " + i);
        }
        assertTrue(JSON.readTree(response.body()).get("prompt_eval_count").asInt() >= TEXTS.size());
    }

    @Test
    void aMeanModelOnTheBindingIsRefusedInEachApisShapeAndServingGoesOn() throws Exception {
        var openAi = org.junit.jupiter.api.Assertions.assertThrows(BadRequestException.class,
                () -> openAi("mean-binding", List.of("hello")));
        assertTrue(openAi.getMessage().contains("engine: ffm"), openAi.getMessage());
        var ollama = Http.post(url() + "/api/embed", "{\"model\":\"mean-binding\",\"input\":\"hello\"}");
        assertEquals(400, ollama.statusCode(), ollama.body());
        assertTrue(JSON.readTree(ollama.body()).get("error").asText().contains("engine: ffm"), ollama.body());
        var chat = Http.post(url() + "/api/generate", "{\"model\":\"mean-binding\",\"prompt\":\"hi\",\"stream\":false,"
                + "\"options\":{\"num_predict\":3,\"temperature\":0}}");
        assertEquals(200, chat.statusCode(), "its runner still generates: " + chat.body());
        assertEquals(1, openAi("mean", List.of("still serving")).size());
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f, what + " [" + i + "]");
        }
    }
}
