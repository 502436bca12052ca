package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import dev.helix.protocol.ollama.OllamaChatRequest;
import dev.helix.protocol.openai.ChatCompletionRequest;
import dev.helix.runtime.testing.Growth;
import dev.helix.runtime.testing.TestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10: reading a request body costs time linear in its size (many messages, many tools with schemas, long
 * strings), and a body past the nesting cap is a fast 400 in the API's shape, before any model is looked up.
 * {@link Growth} says why the ratios do not depend on the machine's load.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class RequestBodyGrowthTest {
    private static final ObjectMapper JSON = WireJson.mapper(); // what RequestBodies reads with

    private static <T> void read(byte[] body, Class<T> type) {
        try {
            JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] chat(int messages, boolean tools) {
        var body = new StringBuilder("{\"model\":\"tiny\",\"messages\":[");
        for (int i = 0; i < messages; i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"message number ").append(i).append(" \\u00e9\\n\"}");
        }
        body.append("]");
        if (tools) {
            body.append(",\"tools\":[");
            for (int i = 0; i < messages; i++) {
                body.append(i == 0 ? "" : ",").append("{\"type\":\"function\",\"function\":{\"name\":\"t").append(i)
                        .append("\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}");
            }
            body.append("]");
        }
        return body.append("}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void manyMessagesAndToolsAreReadInLinearTime() {
        System.out.println(Growth.assertLinear("openai messages and tools", n -> chat(n, true),
                body -> read(body, ChatCompletionRequest.class), 100, 20_000));
        System.out.println(Growth.assertLinear("ollama messages", n -> chat(n, false),
                body -> read(body, OllamaChatRequest.class), 100, 40_000));
    }

    @Test
    void aLongStringIsReadInLinearTime() {
        System.out.println(Growth.assertLinear("long content", n -> ("{\"model\":\"tiny\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"" + "ab\\\"c\\u00e9 ".repeat(n) + "\"}]}").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8),
                body -> read(body, ChatCompletionRequest.class), 1000, 400_000));
    }

    @Test
    void nestingPastTheCapIsAFast400InTheApisShape() throws Exception {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        for (String path : new String[] {"/v1/chat/completions", "/api/chat"}) {
            var r = Http.post(TestServer.shared().url() + path, "{\"model\":\"no-such-model\",\"tools\":" + deep + "}");
            assertEquals(400, r.statusCode(), r.body());
            var error = new ObjectMapper().readTree(r.body()).path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText();
            assertTrue(message.contains("nesting depth"), message);
        }
        byte[] valid = chat(2_000, true);
        byte[] tooDeep = ("{\"model\":\"tiny\",\"tools\":" + deep + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long readValid = Growth.fastest(valid, body -> read(body, ChatCompletionRequest.class), 5);
        long refuse = Growth.fastest(tooDeep, body -> {
            try {
                read(body, ChatCompletionRequest.class);
                throw new AssertionError("read");
            } catch (UncheckedIOException expected) {
                // refused at the cap
            }
        }, 5);
        assertTrue(refuse < readValid, "refusing " + tooDeep.length + " bytes of nesting: " + refuse / 1000
                + " us; reading a valid body of " + valid.length + " bytes: " + readValid / 1000 + " us");
    }
}
