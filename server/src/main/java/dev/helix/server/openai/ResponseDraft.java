package dev.helix.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.protocol.openai.responses.OutputItem;
import dev.helix.protocol.openai.responses.Response;
import dev.helix.protocol.openai.responses.ResponseRequest;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Usage;
import dev.helix.server.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.helix.provider.TokenLogprob;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What a response object repeats of its request (id, model, settings, tools), from which each state of the response
 * is made: in progress, finished (completed, or incomplete at max_output_tokens) or failed.
 */
record ResponseDraft(String id, long createdAt, String model, ResponseRequest request) {

    static ResponseDraft of(ResponseRequest request, String model) {
        return new ResponseDraft(newId("resp_"), Instant.now().getEpochSecond(), model, request);
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    Response inProgress() {
        return response("in_progress", List.of(), null, null, null);
    }

    /** The finished response: completed, or incomplete when the answer reached max_output_tokens (or the context). */
    Response finished(Reply reply, List<OutputItem> output) {
        boolean cut = reply.reason() == FinishReason.LENGTH;
        return response(cut ? "incomplete" : "completed", output,
                cut ? new Response.IncompleteDetails("max_output_tokens") : null, null, usage(reply.usage()));
    }

    Response failed(List<OutputItem> output, Response.Error error) {
        return response("failed", output, null, error, null);
    }

    /** The output items of a whole answer, one per part, with new ids; each is also given to {@code keep}. */
    static List<OutputItem> items(Reply reply, BiConsumer<String, Reply.Part> keep) {
        return items(reply, keep, List.of());
    }

    /**
     * The same, the text parts carrying the tokens' log-probabilities ({@code include:
     * [message.output_text.logprobs]}): each part takes the tokens whose bytes make its text, in order.
     */
    static List<OutputItem> items(Reply reply, BiConsumer<String, Reply.Part> keep, List<TokenLogprob> logprobs) {
        List<OutputItem> items = new ArrayList<>();
        int next = 0;
        for (Reply.Part part : reply.parts()) {
            int from = next;
            if (part instanceof Reply.Part.Text t) {
                long bytes = t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                while (next < logprobs.size() && bytes > 0) {
                    bytes -= logprobs.get(next++).bytes().length;
                }
            }
            var own = logprobs.subList(from, next);
            OutputItem item = switch (part) {
                case Reply.Part.Reasoning r -> reasoning(newId("rs_"), r.text());
                case Reply.Part.Text t -> message(newId("msg_"), t.text(), own);
                case Reply.Part.Call c -> call(newId("fc_"), c.call(), c.call().arguments(), "completed");
            };
            keep.accept(item.id(), part);
            items.add(item);
        }
        return items;
    }

    static OutputItem.Message message(String id, String text, List<TokenLogprob> logprobs) {
        return new OutputItem.Message(id, "completed", List.of(text(text, logprobs)));
    }

    /** An {@code output_text} part, with its tokens' log-probabilities (OpenAI's shape) when there are any. */
    static OutputItem.Text text(String text, List<TokenLogprob> logprobs) {
        return new OutputItem.Text("output_text", text, List.of(), entries(logprobs));
    }

    static List<Object> entries(List<TokenLogprob> logprobs) {
        return List.copyOf(LogprobViews.chat(logprobs).content());
    }

    static OutputItem.Reasoning reasoning(String id, String text) {
        return new OutputItem.Reasoning(id, List.of(new OutputItem.ReasoningText(text)), null);
    }

    static OutputItem.FunctionCall call(String id, dev.helix.provider.Chunk.ToolCall call, String arguments,
                                        String status) {
        return new OutputItem.FunctionCall(id, call.id(), call.name(), arguments, status);
    }

    private static Response.Usage usage(Usage usage) {
        return new Response.Usage(usage.promptTokens(), usage.completionTokens());
    }

    private Response response(String status, List<OutputItem> output, Response.IncompleteDetails incomplete,
                              Response.Error error, Response.Usage usage) {
        var r = request;
        JsonNode toolChoice = r.toolChoice() == null || r.toolChoice().isNull()
                ? JsonNodeFactory.instance.textNode("auto") : r.toolChoice();
        JsonNode tools = r.tools() == null || r.tools().isNull() ? JsonNodeFactory.instance.arrayNode() : r.tools();
        JsonNode text = r.text() == null || r.text().isNull() ? textFormat() : r.text();
        JsonNode metadata = r.metadata() == null || r.metadata().isNull() ? JsonNodeFactory.instance.objectNode()
                : r.metadata();
        return new Response(id, "response", createdAt, status, error, incomplete, r.instructions(),
                r.maxOutputTokens(), model, output, !Boolean.FALSE.equals(r.parallelToolCalls()), null,
                !Boolean.FALSE.equals(r.store()),
                r.temperature(), text, toolChoice, tools, r.topP(), "disabled", metadata, usage);
    }

    private static JsonNode textFormat() {
        ObjectNode text = JsonNodeFactory.instance.objectNode();
        text.putObject("format").put("type", "text");
        return text;
    }
}
