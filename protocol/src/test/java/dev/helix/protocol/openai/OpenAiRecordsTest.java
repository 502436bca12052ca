package dev.helix.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client reads from OpenAI-compatible servers other than llama-server, and what Helix writes. */
class OpenAiRecordsTest {
    private final ObjectMapper json = WireJson.mapper();

    @Test
    void helixWritesNoneOfTheClientOnlyFields() throws IOException {
        var call = new ChatCompletion.ToolCall("call_1", "function", new ChatCompletion.Function("f", "{}"));
        var answer = new ChatCompletion("c", "chat.completion", 1, "m", List.of(new ChatCompletion.Choice(0,
                new ChatCompletion.Message("assistant", null, null, List.of(call)), null, FinishReasons.TOOL_CALLS)),
                new ChatCompletion.Usage(1, 2, 3));
        assertEquals("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"logprobs\":null,"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,"
                + "\"total_tokens\":3}}", json.writeValueAsString(answer));
        var chunk = new ChatCompletionChunk("c", "chat.completion.chunk", 1, "m", List.of(
                new ChatCompletionChunk.Choice(0, new ChatCompletionChunk.Delta(null, "x"), null, null)), null);
        assertEquals("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"x\"},\"logprobs\":null,\"finish_reason\":null}]}",
                json.writeValueAsString(chunk));
        assertEquals("{\"error\":{\"message\":\"m\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
                json.writeValueAsString(OpenAiError.of("m", "server_error", null, null)));
    }

    @Test
    void aStreamOfReasoningToolCallFragmentsAndUsageAlone() throws IOException {
        List<ChatCompletionChunk> chunks = List.of(
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Think\"}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ing.\"}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}"),
                chunk("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":5,\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}"));

        assertEquals("assistant", delta(chunks.get(0)).role());
        assertEquals("Think", delta(chunks.get(1)).reasoningContent());
        assertEquals("ing.", delta(chunks.get(2)).reasoning());
        var first = delta(chunks.get(3)).toolCalls().getFirst();
        assertEquals("call_9", first.id());
        assertEquals("get_weather", first.function().name());
        var arguments = new StringBuilder();
        for (var c : chunks.subList(3, 6)) {
            var fragment = delta(c).toolCalls().getFirst();
            assertEquals(0, fragment.index());
            arguments.append(fragment.function().arguments());
        }
        assertEquals("{\"city\":\"Paris\"}", arguments.toString());
        assertNull(delta(chunks.get(4)).toolCalls().getFirst().id(), "only the first fragment names the call");
        assertEquals(FinishReasons.TOOL_CALLS, chunks.get(6).choices().getFirst().finishReason());
        assertTrue(chunks.get(7).choices().isEmpty());
        assertEquals(new ChatCompletion.Usage(9, 4, 13), chunks.get(7).usage());
    }

    @Test
    void aWholeAnswerWithReasoningApart() throws IOException {
        var answer = json.readValue("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"4\","
                + "\"reasoning_content\":\"2+2\"},\"finish_reason\":\"stop\"}]}", ChatCompletion.class);
        var message = answer.choices().getFirst().message();
        assertEquals("4", message.content());
        assertEquals("2+2", message.reasoningContent());
        assertNull(answer.usage());
    }

    @Test
    void errorsAsAnObjectOrABareString() throws IOException {
        var full = json.readValue("{\"error\":{\"message\":\"no such model\",\"type\":\"invalid_request_error\","
                + "\"param\":\"model\",\"code\":\"model_not_found\"}}", OpenAiError.class);
        assertEquals(OpenAiError.of("no such model", "invalid_request_error", "model", "model_not_found"), full);
        assertEquals("busy", json.readValue("{\"error\":\"busy\"}", OpenAiError.class).error().message());
    }

    @Test
    void modelEntriesSayWhoOwnsThem() throws IOException {
        var list = json.readValue("{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:latest\",\"object\":\"model\","
                + "\"created\":1733000000,\"owned_by\":\"library\"},{\"id\":\"Qwen/Qwen3-8B\",\"object\":\"model\","
                + "\"created\":1733000001,\"owned_by\":\"vllm\",\"root\":\"Qwen/Qwen3-8B\",\"max_model_len\":32768}]}",
                ModelList.class);
        assertEquals(List.of("library", "vllm"), list.data().stream().map(ModelList.Model::ownedBy).toList());
    }

    private ChatCompletionChunk chunk(String text) throws IOException {
        return json.readValue(text, ChatCompletionChunk.class);
    }

    private static ChatCompletionChunk.Delta delta(ChatCompletionChunk chunk) {
        return chunk.choices().getFirst().delta();
    }
}
