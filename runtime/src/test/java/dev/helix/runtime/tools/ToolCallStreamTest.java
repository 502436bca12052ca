package dev.helix.runtime.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.provider.Timings;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.provider.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The formats real models write calls in, fed token by token in every split, become the same chunks. */
class ToolCallStreamTest {
    private static final List<Tool> TOOLS = List.of(
            new Tool("get_weather", "", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"),
            new Tool("get_time", "", null));

    /** What a stream turned into: the text, and the calls as "name args". */
    private record Result(String text, List<String> calls, FinishReason reason, int chunks) {}

    private static Result run(ToolChoice choice, List<String> tokens) {
        var request = new ChatRequest("m", List.of(new ChatMessage(Role.USER, "hi")), GenerationOptions.DEFAULTS,
                TOOLS, choice, true);
        var text = new StringBuilder();
        var calls = new ArrayList<String>();
        FinishReason reason = null;
        int chunks = 0;
        try (ChunkStream stream = ToolCallStream.of(new Scripted(tokens), request)) {
            while (stream.hasNext()) {
                chunks++;
                switch (stream.next()) {
                    case Chunk.Token t -> text.append(t.text());
                    case Chunk.ToolCall c -> {
                        assertEquals(calls.size(), c.index());
                        assertTrue(c.id().matches("call_[A-Za-z0-9]{24}"), c.id());
                        calls.add(c.name() + " " + c.arguments());
                    }
                    case Chunk.Reasoning r -> throw new AssertionError("no reasoning in these scripts: " + r);
                    case Chunk.Done d -> reason = d.reason();
                }
            }
        }
        return new Result(text.toString(), calls, reason, chunks);
    }

    /** The text cut into tokens of {@code size} characters. */
    private static List<String> split(String text, int size) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            tokens.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return tokens;
    }

    private static Result auto(String output, int size) {
        return run(ToolChoice.AUTO, split(output, size));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void hermesCallsAfterTextAreSplitOutWithoutDroppingOrBundling(int size) {
        Result r = auto("Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
                + "</tool_call>\n<tool_call>{\"name\":\"get_time\",\"arguments\":{}}</tool_call>", size);
        assertEquals("Let me check.\n", r.text());
        assertEquals(List.of("get_weather {\"city\":\"Paris\"}", "get_time {}"), r.calls());
        assertEquals(FinishReason.TOOL_CALLS, r.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 1000})
    void llama3AndMistralBareJson(int size) {
        assertEquals(List.of("get_weather {\"city\":\"Oslo\"}"),
                auto(" {\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\"}}", size).calls());
        assertEquals(List.of("get_weather {\"city\":\"Rome\"}", "get_time {}"),
                auto("[{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Rome\"}},{\"name\":\"get_time\"}]", size)
                        .calls());
        assertEquals(List.of("get_time {}"), auto("[TOOL_CALLS][{\"name\":\"get_time\",\"arguments\":{}}]", size).calls());
        assertEquals(List.of("get_time {}"), auto("<|python_tag|>{\"name\":\"get_time\",\"parameters\":{}}", size)
                .calls());
        assertEquals(List.of("get_weather {\"city\":\"Lima\"}"),
                auto("<function=get_weather>{\"city\":\"Lima\"}</function>", size).calls());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 1000})
    void genericFormatOfTheTemplatePolyfill(int size) {
        assertEquals(List.of("get_weather {\"city\":\"Bern\"}"), auto("{\"tool_calls\":[{\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Bern\"},\"id\":\"call_1___\"}]}", size).calls());
        assertEquals(List.of("get_time {}"), auto("{\"tool_call\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}", size)
                .calls());
        Result answer = auto("{\"response\": \"Hello there\"}", size);
        assertEquals("Hello there", answer.text());
        assertEquals(FinishReason.STOP, answer.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 1000})
    void textThatIsNoCallPassesUnchanged(int size) {
        for (String text : List.of("{\"answer\": 42}", "[1, 2, 3]", "a < b and [x] {y}", "<tool_call>not json</tool_call>",
                "{\"name\": \"unknown_tool\", \"arguments\": {}}", "<tool", "[TOOL_CALLS] sorry", "  ")) {
            Result r = auto(text, size);
            assertEquals(text, r.text(), "split " + size);
            assertEquals(List.of(), r.calls());
            assertEquals(FinishReason.STOP, r.reason());
        }
    }

    @Test
    void plainTextStreamsWithoutWaitingForTheEnd() {
        // one chunk per token and the final one: nothing is held back when no marker can start
        Result r = run(ToolChoice.AUTO, List.of("Hello", " world", "!"));
        assertEquals(4, r.chunks());
    }

    @Test
    void anUnclosedCallAtTheEndIsStillACall() {
        assertEquals(List.of("get_time {}"), auto("<tool_call>{\"name\":\"get_time\",\"arguments\":{}}", 3).calls());
    }

    @Test
    void forcedOutputIsParsedWhole() {
        Result r = run(ToolChoice.REQUIRED, split("[{\"name\":\"get_weather\",\"arguments\":{\"city\":\"X\"}}]", 2));
        assertEquals(List.of("get_weather {\"city\":\"X\"}"), r.calls());
        assertEquals("", r.text());
        Result cut = run(new ToolChoice.Named("get_weather"), split("{\"name\":\"get_weather\",\"argu", 2));
        assertEquals("{\"name\":\"get_weather\",\"argu", cut.text());
        assertEquals(FinishReason.STOP, cut.reason());
    }

    @Test
    void toolChoiceNoneLeavesTheStreamAlone() {
        Result r = run(ToolChoice.NONE, List.of("<tool_call>{\"name\":\"get_time\"}</tool_call>"));
        assertEquals(List.of(), r.calls());
    }

    /** A stream of given tokens, then a STOP. */
    private static final class Scripted implements ChunkStream {
        private final Deque<Chunk> chunks = new ArrayDeque<>();

        Scripted(List<String> tokens) {
            tokens.forEach(t -> chunks.add(new Chunk.Token(t)));
            chunks.add(new Chunk.Done(FinishReason.STOP, new Usage(1, tokens.size()), Timings.NONE));
        }

        @Override
        public boolean hasNext() {
            return !chunks.isEmpty();
        }

        @Override
        public Chunk next() {
            return chunks.poll();
        }

        @Override
        public void close() {}
    }
}
