package dev.helix.providers.fake;

import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.util.List;
import java.util.Objects;

/**
 * What a fake upstream answers: the model it serves and lists, the reply's tokens (each one a stream chunk), the
 * reasoning tokens that come before them (sent where the server sends reasoning), and the context length it reports.
 */
public record Script(String model, List<String> tokens, List<String> thinking, int contextLength) {

    public Script {
        Objects.requireNonNull(model, "model");
        tokens = List.copyOf(tokens);
        thinking = List.copyOf(thinking);
        if (contextLength < 1) {
            throw new IllegalArgumentException("contextLength >= 1");
        }
    }

    /** Model {@code fake-model}, reply "Hello from &lt;server name&gt;" in three tokens, 4096 tokens of context. */
    public static Script defaultFor(ServerKind kind) {
        return new Script("fake-model", List.of("Hello", " from", " " + ServerProfiles.of(kind).name()), List.of(),
                4096);
    }

    public Script withTokens(String... tokens) {
        return new Script(model, List.of(tokens), thinking, contextLength);
    }

    public Script withThinking(String... thinking) {
        return new Script(model, tokens, List.of(thinking), contextLength);
    }

    public Script withModel(String model) {
        return new Script(model, tokens, thinking, contextLength);
    }

    /** The whole reply. */
    public String text() {
        return String.join("", tokens);
    }
}
