package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /v1/responses} on the wire: the event sequence, the response object and the refusals, byte by byte. */
@Timeout(120)
@Tag(TestEngine.TAG)
class ResponsesWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOOLS = """
            [{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object",
              "properties":{"city":{"type":"string","enum":["Paris","Oslo"]}},"required":["city"]}},
             {"type":"function","name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}]""";
    private static String url;

    @BeforeAll
    static void start() {
        url = TestServer.shared().url() + "/v1/responses";
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static NamedEvents stream(String body) {
        HttpResponse<String> r = Http.post(url, body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertFalse(r.body().contains("[DONE]"), "the Responses API ends with its last event, not [DONE]");
        NamedEvents events = NamedEvents.of(r.body());
        for (int i = 0; i < events.events().size(); i++) {
            assertEquals(i, events.events().get(i).data().get("sequence_number").asInt(), "sequence numbers count up");
        }
        return events;
    }

    @Test
    void aThinkingModelStreamsAReasoningItemThenAMessageThenTheCompletedResponseWithItsUsage() {
        NamedEvents events = stream("{\"model\":\"thinker\",\"input\":\"Hi\",\"stream\":true,\"max_output_tokens\":20}");
        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), events.names());
        assertEquals("in_progress", events.events().get(0).data().at("/response/status").asText());
        assertEquals(0, events.events().get(0).data().at("/response/output").size());
        assertTrue(events.events().get(0).data().at("/response/usage").isNull());

        List<JsonNode> added = events.named("response.output_item.added");
        List<JsonNode> done = events.named("response.output_item.done");
        assertEquals("reasoning", added.get(0).at("/item/type").asText());
        assertEquals("message", added.get(1).at("/item/type").asText());
        assertEquals(0, added.get(0).get("output_index").asInt());
        assertEquals(1, added.get(1).get("output_index").asInt());
        String reasoningId = added.get(0).at("/item/id").asText();
        String messageId = added.get(1).at("/item/id").asText();
        assertTrue(reasoningId.startsWith("rs_") && messageId.startsWith("msg_"), added.toString());
        events.named("response.reasoning_text.delta").forEach(d -> assertEquals(reasoningId, d.get("item_id").asText()));
        events.named("response.output_text.delta").forEach(d -> assertEquals(messageId, d.get("item_id").asText()));
        assertEquals(TestServer.THOUGHT, events.joined("response.reasoning_text.delta", "/delta"));
        assertEquals(TestServer.ANSWER, events.joined("response.output_text.delta", "/delta"));
        assertEquals(TestServer.ANSWER, events.named("response.output_text.done").get(0).get("text").asText());
        assertEquals(TestServer.THOUGHT, done.get(0).at("/item/content/0/text").asText());
        assertEquals("reasoning_text", done.get(0).at("/item/content/0/type").asText());
        assertEquals(TestServer.ANSWER, done.get(1).at("/item/content/0/text").asText());
        assertEquals("output_text", done.get(1).at("/item/content/0/type").asText());

        JsonNode response = events.last().get("response");
        assertEquals("completed", response.get("status").asText());
        assertEquals(JSON.createArrayNode().add(done.get(0).get("item")).add(done.get(1).get("item")),
                response.get("output"), "the final output is the items as they were sent");
        JsonNode usage = response.get("usage");
        assertTrue(usage.get("input_tokens").asInt() > 0, usage.toString());
        assertTrue(usage.get("output_tokens").asInt() > 0, usage.toString());
        assertEquals(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt(),
                usage.get("total_tokens").asInt());
    }

    @Test
    void functionCallsStreamAsAddedArgumentsThenDone() {
        NamedEvents events = stream("{\"model\":\"scripted\",\"input\":\"Weather and time?\",\"stream\":true,"
                + "\"tools\":" + TOOLS + "}");
        List<String> call = List.of("response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done");
        var expected = new java.util.ArrayList<>(List.of("response.created", "response.in_progress"));
        expected.addAll(call);
        expected.addAll(call);
        expected.add("response.completed");
        assertEquals(expected, events.names());
        List<JsonNode> added = events.named("response.output_item.added");
        JsonNode first = added.get(0).get("item");
        assertEquals("function_call", first.get("type").asText());
        assertEquals("get_weather", first.get("name").asText());
        assertEquals("", first.get("arguments").asText());
        assertEquals("in_progress", first.get("status").asText());
        assertTrue(first.get("call_id").asText().startsWith("call_"), first.toString());
        assertTrue(first.get("id").asText().startsWith("fc_"), first.toString());
        JsonNode delta = events.named("response.function_call_arguments.delta").get(0);
        assertEquals(first.get("id").asText(), delta.get("item_id").asText());
        assertEquals("{\"city\":\"Paris\"}", delta.get("delta").asText());
        JsonNode argumentsDone = events.named("response.function_call_arguments.done").get(1);
        assertEquals("get_time", argumentsDone.get("name").asText());
        assertEquals("{\"zone\":\"UTC\"}", argumentsDone.get("arguments").asText());
        assertEquals(1, argumentsDone.get("output_index").asInt());
        JsonNode response = events.last().get("response");
        assertEquals("completed", response.get("status").asText());
        assertEquals(2, response.get("output").size());
        assertTrue(response.at("/usage/output_tokens").asInt() > 0);
    }

    @Test
    void aWholeResponseEchoesItsRequest() {
        JsonNode r = json(Http.post(url, "{\"model\":\"scripted\",\"input\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"Weather?\"}]}],\"tools\":" + TOOLS + ",\"store\":false,"
                + "\"metadata\":{\"k\":\"v\"}}").body());
        assertEquals("response", r.get("object").asText());
        assertTrue(r.get("id").asText().startsWith("resp_"));
        assertEquals("completed", r.get("status").asText());
        assertEquals("scripted", r.get("model").asText());
        assertEquals(List.of("function_call", "function_call"),
                List.of(r.at("/output/0/type").asText(), r.at("/output/1/type").asText()));
        assertEquals("completed", r.at("/output/0/status").asText());
        assertEquals("auto", r.get("tool_choice").asText());
        assertEquals(2, r.get("tools").size());
        assertEquals("text", r.at("/text/format/type").asText());
        assertTrue(r.get("parallel_tool_calls").asBoolean());
        assertFalse(r.get("store").asBoolean(), "store: false is echoed");
        assertEquals("v", r.at("/metadata/k").asText());
        assertTrue(r.get("error").isNull() && r.get("incomplete_details").isNull()
                && r.get("previous_response_id").isNull(), r.toString());
        assertTrue(r.get("created_at").asLong() > 1_700_000_000L);
    }

    @Test
    void reachingMaxOutputTokensIsAnIncompleteResponse() {
        JsonNode whole = json(Http.post(url, "{\"model\":\"tiny\",\"input\":\"Tell a long story\",\"temperature\":0,"
                + "\"max_output_tokens\":2}").body());
        assertEquals("incomplete", whole.get("status").asText(), whole.toString());
        assertEquals("max_output_tokens", whole.at("/incomplete_details/reason").asText());
        assertEquals(2, whole.at("/usage/output_tokens").asInt());
        NamedEvents events = stream("{\"model\":\"tiny\",\"input\":\"Tell a long story\",\"temperature\":0,"
                + "\"max_output_tokens\":2,\"stream\":true}");
        assertEquals("response.incomplete", events.names().get(events.names().size() - 1));
        assertEquals("max_output_tokens", events.last().at("/response/incomplete_details/reason").asText());
    }

    @Test
    void aConversationWithCallsAndOutputsRenders() {
        var r = Http.post(url, "{\"model\":\"tiny\",\"max_output_tokens\":3,\"instructions\":\"Be brief.\",\"tools\":"
                + TOOLS + ",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Let me look.\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18 C\"},"
                + "{\"role\":\"developer\",\"content\":\"Answer now.\"}]}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void itemsOfAnEarlierResponseMayBeReferencedUnlessItSaidStoreFalse() {
        JsonNode first = json(Http.post(url, "{\"model\":\"scripted\",\"input\":\"Weather?\",\"tools\":" + TOOLS
                + "}").body());
        assertTrue(first.get("store").asBoolean());
        String call = first.at("/output/0/id").asText();
        String callId = first.at("/output/0/call_id").asText();
        var next = Http.post(url, "{\"model\":\"tiny\",\"max_output_tokens\":3,\"tools\":" + TOOLS + ",\"input\":["
                + "{\"role\":\"user\",\"content\":\"Weather?\"},{\"type\":\"item_reference\",\"id\":\"" + call + "\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"18 C\"}]}");
        assertEquals(200, next.statusCode(), next.body());

        JsonNode unkept = json(Http.post(url, "{\"model\":\"scripted\",\"input\":\"Weather?\",\"store\":false,"
                + "\"tools\":" + TOOLS + "}").body());
        assertFalse(unkept.get("store").asBoolean());
        assertRefused("{\"model\":\"tiny\",\"input\":[{\"type\":\"item_reference\",\"id\":\""
                + unkept.at("/output/0/id").asText() + "\"}]}", "input[0].id");
    }

    @Test
    void whatAStatelessServerCannotDoIsAClear400NamingTheField() {
        assertRefused("{\"model\":\"tiny\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}",
                "previous_response_id");
        assertRefused("{\"model\":\"tiny\",\"input\":\"hi\",\"truncation\":\"auto\"}", "truncation");
        assertRefused("{\"model\":\"tiny\",\"input\":\"hi\",\"background\":true}", "background");
        assertRefused("{\"model\":\"tiny\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}",
                "input[0].id");
        assertRefused("{\"model\":\"tiny\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                + "\"image_url\":\"http://x/y.png\"}]}]}", "input[0].content[0]");
        assertRefused("{\"model\":\"tiny\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}", "tools[0].type");
        assertRefused("{\"model\":\"tiny\"}", "input");
        assertRefused("{\"model\":\"tiny\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_schema\"}}}",
                "text.format.schema");
        assertRefused("{\"model\":\"tiny\",\"input\":\"hi\",\"top_logprobs\":21}", "top_logprobs");
        assertRefused("{\"model\":\"tiny\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\","
                + "\"arguments\":\"{not json\"}]}", "input[0].arguments");
        var fetch = Http.get(url + "/resp_123");
        assertEquals(404, fetch.statusCode());
        assertTrue(json(fetch.body()).at("/error/message").asText().contains("keeps no responses"), fetch.body());
    }

    private static void assertRefused(String body, String param) {
        var r = Http.post(url, body);
        assertEquals(400, r.statusCode(), body + " -> " + r.body());
        JsonNode error = json(r.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText(), r.body());
        assertEquals(param, error.get("param").asText(), r.body());
    }
}
