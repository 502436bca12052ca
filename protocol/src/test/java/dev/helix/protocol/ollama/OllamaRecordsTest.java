package dev.helix.protocol.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a client reads from an Ollama server (shapes from Ollama's docs/api.md), and what Helix writes. */
class OllamaRecordsTest {
    private final ObjectMapper json = WireJson.mapper();

    @Test
    void chatLinesAndTheLastObjectWithDurationsInNanoseconds() throws IOException {
        var piece = read("{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00.123456789Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}");
        assertFalse(piece.done());
        assertEquals("Hi", piece.message().content());
        assertNull(piece.evalCount());

        var thinking = read("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"thinking\":\"Hmm\"},\"done\":false}");
        assertEquals("Hmm", thinking.message().thinking());

        var call = read("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{"
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"done\":false}");
        var function = call.message().toolCalls().getFirst().function();
        assertEquals("get_weather", function.name());
        assertEquals("Paris", function.arguments().path("city").asText(), "arguments are an object");

        var last = read("{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:01Z\",\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4883583458,"
                + "\"load_duration\":1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,"
                + "\"eval_count\":282,\"eval_duration\":4535599000}");
        assertTrue(last.done());
        assertEquals("stop", last.doneReason());
        assertEquals(4_883_583_458L, last.totalDuration());
        assertEquals(26, last.promptEvalCount());
        assertEquals(282, last.evalCount());
        assertEquals(4_535_599_000L, last.evalDuration());
    }

    @Test
    void generateAnswersCarryResponseAndIgnoreTheirContext() throws IOException {
        var last = read("{\"model\":\"m\",\"created_at\":\"t\",\"response\":\"\",\"done\":true,\"done_reason\":"
                + "\"length\",\"context\":[1,2,3],\"total_duration\":10,\"eval_count\":5}");
        assertEquals("", last.response());
        assertEquals("length", last.doneReason());
        assertNull(last.message());
    }

    @Test
    void modelListsLoadedModelsAndVersion() throws IOException {
        var tags = json.readValue("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\","
                + "\"modified_at\":\"2025-01-01T00:00:00Z\",\"size\":2019393189,\"digest\":\"a80c4f17acd5\","
                + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":"
                + "[\"llama\"],\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}}]}", TagsResponse.class);
        var tag = tags.models().getFirst();
        assertEquals(2_019_393_189L, tag.size());
        assertEquals("Q4_K_M", tag.details().quantizationLevel());

        var ps = json.readValue("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":"
                + "5137025024,\"digest\":\"a80c\",\"details\":{\"format\":\"gguf\"},\"expires_at\":"
                + "\"2025-01-01T00:05:00Z\",\"size_vram\":5137025024,\"context_length\":4096}]}", PsResponse.class);
        var running = ps.models().getFirst();
        assertEquals(5_137_025_024L, running.sizeVram());
        assertEquals(4096, running.contextLength());

        assertEquals("0.12.0", json.readValue("{\"version\":\"0.12.0\"}", VersionResponse.class).version());
    }

    @Test
    void embeddingsAndErrors() throws IOException {
        var embed = json.readValue("{\"model\":\"all-minilm\",\"embeddings\":[[0.5,-1.0],[0.25,0]],"
                + "\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":8}", EmbedResponse.class);
        assertArrayEquals(new float[] {0.25f, 0f}, embed.embeddings().get(1));
        assertEquals(8, embed.promptEvalCount());
        assertArrayEquals(new float[] {1.5f},
                json.readValue("{\"embedding\":[1.5]}", EmbeddingResponse.class).embedding());
        assertEquals("model \"x\" not found, try pulling it first",
                json.readValue("{\"error\":\"model \\\"x\\\" not found, try pulling it first\"}", OllamaError.class)
                        .error());
    }

    @Test
    void helixWritesPiecesWithoutTheLastObjectsFields() throws IOException {
        var piece = OllamaResponse.chatPiece("m", "t", new OllamaResponse.Message("assistant", "Hi"));
        assertEquals("{\"model\":\"m\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"done\":false}", json.writeValueAsString(piece));
        assertEquals("{\"error\":\"gone\"}", json.writeValueAsString(new OllamaError("gone")));
    }

    private OllamaResponse read(String line) throws IOException {
        return json.readValue(line, OllamaResponse.class);
    }
}
