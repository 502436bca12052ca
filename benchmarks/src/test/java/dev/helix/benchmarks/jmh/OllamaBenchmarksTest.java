package dev.helix.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Role;
import org.junit.jupiter.api.Test;

class OllamaBenchmarksTest {
    @Test
    void requestsParseIntoTheRuntimesRequest() throws Exception {
        var b = new OllamaRequestBenchmark();
        b.chat = "short";
        b.setUp();
        var request = b.parseAndMap();
        assertEquals(Role.USER, request.messages().get(0).role());
        assertEquals(64, request.options().maxTokens());
        assertEquals(42L, request.options().seed());
    }

    @Test
    void eachTokenIsOneNdjsonLine() {
        var b = new NdjsonChunkBenchmark();
        b.setUp();
        long one = b.tokenLine();
        assertTrue(one > 80 && one < 200, one + " bytes");
    }
}
