package dev.helix.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Role;
import org.junit.jupiter.api.Test;

class OpenAiBenchmarksTest {
    @Test
    void requestsParseIntoTheRuntimesRequest() throws Exception {
        var b = new OpenAiRequestBenchmark();
        b.chat = "history";
        b.setUp();
        var request = b.parseAndMap();
        assertEquals("model", request.model());
        assertEquals(Role.SYSTEM, request.messages().get(0).role());
        assertEquals(64, request.options().maxTokens());
        assertEquals(0.0, request.options().temperature());
    }

    @Test
    void eachTokenIsOneSseEvent() {
        var b = new SseChunkBenchmark();
        b.setUp();
        long one = b.tokenEvent();
        long two = b.tokenEvent();
        assertEquals(one, two - one, "every event the same size");
        assertTrue(one > 100 && one < 300, "data: {...chunk...}\\n\\n: " + one + " bytes");
    }
}
