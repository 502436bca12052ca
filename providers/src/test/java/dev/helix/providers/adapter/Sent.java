package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Role;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.RecordedRequest;
import java.util.List;

/** The adapter tests' request ("Hi" to {@code fake-model}) and what a fake received of it. */
final class Sent {
    private Sent() {
    }

    static ChatRequest chat(GenerationOptions options) {
        return new ChatRequest("fake-model", List.of(new ChatMessage(Role.USER, "Hi")), options);
    }

    static ChatRequest chat() {
        return chat(GenerationOptions.DEFAULTS);
    }

    /** The body of the one request the fake received at {@code POST path}. */
    static JsonNode body(FakeUpstream fake, String path) {
        List<RecordedRequest> sent = fake.requests("POST " + path);
        assertEquals(1, sent.size(), "one request to " + path);
        return sent.getFirst().json();
    }
}
