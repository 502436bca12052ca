package dev.helix.providers.fake;

import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.util.List;
import java.util.Objects;

/**
 * What a fake upstream answers: the model it serves and lists, the reply's tokens (each one a stream chunk), the
 * reasoning tokens that come before them (sent where the server sends reasoning), the tool calls that come after them
 * (made only when the request offers tools, as a model would), and the context length it reports.
 */
public record Script(String model, List<String> tokens, List<String> thinking, List<ToolCall> toolCalls,
                     int contextLength) {

    /**
     * A call the model makes.
     *
     * @param arguments its arguments as JSON object text
     */
    public record ToolCall(String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            if (!Json.parse(arguments).isObject()) {
                throw new IllegalArgumentException("arguments must be a JSON object: " + arguments);
            }
        }
    }

    public Script {
        Objects.requireNonNull(model, "model");
        tokens = List.copyOf(tokens);
        thinking = List.copyOf(thinking);
        toolCalls = List.copyOf(toolCalls);
        if (contextLength < 1) {
            throw new IllegalArgumentException("contextLength >= 1");
        }
    }

    /** Model {@code fake-model}, reply "Hello from &lt;server name&gt;" in three tokens, 4096 tokens of context. */
    public static Script defaultFor(ServerKind kind) {
        return new Script("fake-model", List.of("Hello", " from", " " + ServerProfiles.of(kind).name()), List.of(),
                List.of(), 4096);
    }

    public Script withTokens(String... tokens) {
        return new Script(model, List.of(tokens), thinking, toolCalls, contextLength);
    }

    public Script withThinking(String... thinking) {
        return new Script(model, tokens, List.of(thinking), toolCalls, contextLength);
    }

    public Script withToolCalls(ToolCall... calls) {
        return new Script(model, tokens, thinking, List.of(calls), contextLength);
    }

    public Script withModel(String model) {
        return new Script(model, tokens, thinking, toolCalls, contextLength);
    }

    /** The whole reply. */
    public String text() {
        return String.join("", tokens);
    }
}
