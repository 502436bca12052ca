package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, defect 14: input that used to be taken leniently, silently changing what the client gets, is refused
 * with a 400 in the API's shape naming the field. No model is loaded for any of these.
 */
@Timeout(60)
@Tag(TestEngine.TAG)
class StrictInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static void refused(String path, String body, String field) throws Exception {
        var r = Http.post(TestServer.shared().url() + path, body);
        assertEquals(400, r.statusCode(), path + " " + body + ": " + r.body());
        var error = JSON.readTree(r.body()).path("error");
        String message = error.isTextual() ? error.asText() : error.path("message").asText();
        assertTrue(message.contains(field), message);
        if (path.startsWith("/v1")) {
            assertEquals(field, error.path("param").asText(), r.body());
        }
    }

    @Test
    void aGrammarOnV1IsRefusedNotIgnored() throws Exception {
        refused("/v1/chat/completions", "{\"model\":\"tiny\",\"grammar\":\"root ::= \\\"a\\\"\"," + MESSAGES + "}",
                "grammar");
        refused("/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"grammar\":\"root ::= \\\"a\\\"\"}",
                "grammar");
    }

    @Test
    void bestOfOtherThanOneIsRefused() throws Exception {
        refused("/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"best_of\":3}", "best_of");
    }

    @Test
    void aFractionalTokenCountIsRefusedNotRoundedDown() throws Exception {
        refused("/v1/chat/completions", "{\"model\":\"tiny\",\"max_tokens\":1.5," + MESSAGES + "}", "max_tokens");
    }

    @Test
    void aUserMessageWithoutContentIsRefused() throws Exception {
        refused("/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\"}]}",
                "messages[0].content");
    }

    @Test
    void ollamaStopStringsAreBoundedAsOnV1() throws Exception {
        String stops = "[" + "\"s\",".repeat(RequestFields.MAX_STOP_STRINGS) + "\"s\"]";
        refused("/api/chat", "{\"model\":\"tiny\",\"options\":{\"stop\":" + stops + "}," + MESSAGES + "}",
                "options.stop");
    }

    @Test
    void aStopStringLongerThanTheCapIsRefusedOnBothApis() throws Exception {
        String longStop = "\"" + "s".repeat(RequestFields.MAX_STOP_LENGTH + 1) + "\"";
        refused("/v1/chat/completions", "{\"model\":\"tiny\",\"stop\":" + longStop + "," + MESSAGES + "}", "stop");
        refused("/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"stop\":[\"a\"," + longStop + "]}", "stop");
        refused("/api/chat", "{\"model\":\"tiny\",\"options\":{\"stop\":[" + longStop + "]}," + MESSAGES + "}",
                "options.stop");
        refused("/api/generate", "{\"model\":\"tiny\",\"prompt\":\"x\",\"options\":{\"stop\":" + longStop + "}}",
                "options.stop");
        String atCap = "\"" + "s".repeat(RequestFields.MAX_STOP_LENGTH) + "\"";
        var r = Http.post(TestServer.shared().url() + "/api/generate", "{\"model\":\"tiny\",\"prompt\":\"x\","
                + "\"stream\":false,\"options\":{\"num_predict\":2,\"stop\":[" + atCap + "]}}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aNegativeContextSizeIsRefused() throws Exception {
        refused("/api/generate", "{\"model\":\"tiny\",\"prompt\":\"x\",\"options\":{\"num_ctx\":-5}}", "options.num_ctx");
    }

    @Test
    void aPromptThatCannotFitIsRefusedBeforeItIsTokenized() throws Exception {
        String huge = "x".repeat(600_000); // under the test server's 1 MiB body limit, far over its context
        var r = Http.post(TestServer.shared().url() + "/v1/chat/completions", "{\"model\":\"tiny\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}");
        assertEquals(400, r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
        assertTrue(r.body().contains("cannot fit"), r.body());
        assertTrue(r.body().contains("\"code\":\"context_length_exceeded\""), "OpenAI's code for it: " + r.body());
    }
}
