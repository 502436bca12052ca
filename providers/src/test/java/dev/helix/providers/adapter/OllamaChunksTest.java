package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.protocol.WireJson;
import dev.helix.provider.Chunk;
import dev.helix.provider.Completion;
import dev.helix.provider.FinishReason;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Ollama's NDJSON answers read from bytes: the ends a live fake does not produce. */
class OllamaChunksTest {
    private static final UpstreamEndpoint OLLAMA = UpstreamEndpoint.of("ollama", ServerProfiles.of(ServerKind.OLLAMA),
            URI.create("http://127.0.0.1:11434"));

    private static OllamaChunks chat(String ndjson) {
        return OllamaChunks.streamed(OLLAMA, WireJson.mapper(),
                new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Test
    void aStreamThatEndsCleanlyWithoutDoneTrueIsAFailure() {
        try (var chunks = chat("{\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n")) {
            assertEquals(new Chunk.Token("Hel"), chunks.next());
            var error = assertThrows(ProviderFailedException.class, chunks::next);
            assertEquals("ollama (Ollama at http://127.0.0.1:11434) ended its stream without done:true",
                    error.getMessage());
        }
    }

    @Test
    void aLastLineWithoutItsLineBreakIsATornStream() {
        try (var chunks = chat("{\"message\":{\"content\":\"a\"},\"done\":false}\n{\"message\":{\"content\":\"b")) {
            chunks.next();
            var error = assertThrows(ProviderFailedException.class, chunks::next);
            assertTrue(error.getMessage().contains("the stream ended inside a line"), error.getMessage());
        }
    }

    @Test
    void toolCallsInSeveralLinesAreNumberedInOrderWithTheirIdsKeptWhereOllamaGivesThem() {
        Completion c = chat("""
                {"message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":0,"name":"a","arguments":{"x":1}}}]},"done":false}
                {"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_given","function":{"index":0,"name":"b","arguments":{}}}]},"done":false}
                {"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}
                """).collect();
        assertEquals(FinishReason.TOOL_CALLS, c.reason());
        assertEquals(2, c.toolCalls().size());
        assertEquals("a", c.toolCalls().get(0).name());
        assertEquals("{\"x\":1}", c.toolCalls().get(0).arguments());
        assertEquals(1, c.toolCalls().get(1).index());
        assertEquals("call_given", c.toolCalls().get(1).id());
        assertEquals("{}", c.toolCalls().get(1).arguments());
    }

    @Test
    void aLastObjectWithoutCountsFallsBackToHelixsOwn() {
        Completion c = chat("""
                {"message":{"content":"a"},"done":false}
                {"message":{"content":"b"},"done":false}
                {"message":{"content":""},"done":true,"done_reason":"length"}
                """).collect();
        assertEquals("ab", c.text());
        assertEquals(FinishReason.LENGTH, c.reason());
        assertEquals(0, c.usage().promptTokens());
        assertEquals(2, c.usage().completionTokens(), "a token a piece");
    }
}
