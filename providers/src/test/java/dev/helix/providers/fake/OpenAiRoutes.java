package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ReasoningField;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import dev.helix.providers.upstream.StreamShape;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions} as each server answers them: a JSON object, or
 * an SSE stream framed the server's way ({@link StreamShape}): llama-server sends no role chunk and puts usage and
 * timings on its finish chunk; OpenAI-style servers open with a role chunk and send usage in a chunk of its own when
 * asked; FastChat never sends usage; KoboldCpp repeats the role in every delta. Tool calls (when the request offers
 * tools and the script makes some) come after the text: whole in {@code message.tool_calls}, or streamed as OpenAI
 * does, a fragment with the id and name and then one with the arguments string, finish reason "tool_calls".
 */
final class OpenAiRoutes {
    /** llama-server b4980's {@code system_fingerprint} (../shared/reference/wire/llama-server-b4980). */
    private static final String LLAMA_FINGERPRINT = "b1-a97dd0e";

    /** The order in which GPT4All's server.cpp checks the fields it refuses (the first one found is reported). */
    private static final List<String> GPT4ALL_CHECKS = List.of("frequency_penalty", "presence_penalty", "seed", "stop",
            "stream", "stream_options", "logit_bias", "logprobs", "top_logprobs", "response_format", "tools",
            "tool_choice", "function_call", "functions");

    private final AtomicLong ids = new AtomicLong();

    void chat(Call call) throws IOException, InterruptedException {
        if (invalid(call, "messages") || rejected(call)) {
            return;
        }
        List<Piece> pieces = pieces(call);
        if (call.streaming(false)) {
            stream(call, pieces, true);
        } else {
            whole(call, pieces, true);
        }
    }

    void completion(Call call) throws IOException, InterruptedException {
        if (invalid(call, "prompt") || rejected(call)) {
            return;
        }
        List<Piece> pieces = call.tokens().stream().map(t -> new Piece(t, false)).toList();
        if (call.streaming(false)) {
            stream(call, pieces, false);
        } else {
            whole(call, pieces, false);
        }
    }

    /**
     * A body that is not JSON, or lacks the one field the endpoint needs, is refused: with 500 and nlohmann::json's
     * words by llama-server (error-bad-json and error-no-messages captures), with 400 by the others.
     */
    private static boolean invalid(Call call, String required) throws IOException {
        boolean llama = call.kind() == ServerKind.LLAMA_SERVER;
        if (!call.body().isObject()) {
            call.error(Dialect.OPENAI, llama ? 500 : 400, llama ? "[json.exception.parse_error.101] parse error at line"
                    + " 1: syntax error while parsing value" : "the request body is not valid JSON");
            return true;
        }
        if (!call.body().has(required)) {
            call.error(Dialect.OPENAI, llama ? 500 : 400, llama ? "[json.exception.out_of_range.403] key '" + required
                    + "' not found" : required + " is required");
            return true;
        }
        return false;
    }

    /** GPT4All refuses what it does not support (server.cpp InvalidRequestError); the others ignore it. */
    private static boolean rejected(Call call) throws IOException {
        if (call.kind() != ServerKind.GPT4ALL) {
            return false;
        }
        for (String field : GPT4ALL_CHECKS) {
            var value = call.body().path(field);
            boolean unset = value.isMissingNode() || value.isNull() || value.isBoolean() && !value.asBoolean()
                    || value.isNumber() && value.asDouble() == 0;
            if (!unset) {
                call.error(Dialect.OPENAI, 400, "'" + field + "' is not supported");
                return true;
            }
        }
        return false;
    }

    /** A piece of the reply: a token of text, or of reasoning. */
    private record Piece(String text, boolean reasoning) {
    }

    /** Reasoning first, where the server puts it apart; in {@code <think>} tags inside the text where it does not. */
    private static List<Piece> pieces(Call call) {
        var pieces = new ArrayList<Piece>();
        List<String> thinking = call.script().thinking();
        if (!thinking.isEmpty()) {
            boolean apart = ServerProfiles.of(call.kind()).reasoning() != ReasoningField.NONE;
            if (!apart) {
                pieces.add(new Piece("<think>", false));
            }
            thinking.forEach(t -> pieces.add(new Piece(t, apart)));
            if (!apart) {
                pieces.add(new Piece("</think>", false));
            }
        }
        call.tokens().forEach(t -> pieces.add(new Piece(t, false)));
        return pieces;
    }

    private void whole(Call call, List<Piece> pieces, boolean chat) throws IOException, InterruptedException {
        ObjectNode answer = head(call, chat ? "chat.completion" : "text_completion", "chatcmpl-");
        ObjectNode choice = Json.object().put("index", 0);
        String text = join(pieces, false);
        List<Script.ToolCall> calls = chat ? call.toolCalls() : List.of();
        if (chat) {
            ObjectNode message = Json.object().put("role", "assistant").put("content", text);
            String reasoning = join(pieces, true);
            if (!reasoning.isEmpty()) {
                message.put(field(call), reasoning);
            }
            if (!calls.isEmpty()) {
                ArrayNode array = Json.array();
                for (int i = 0; i < calls.size(); i++) {
                    array.add(Json.object().put("id", "call_fake" + i).put("type", "function").set("function",
                            Json.object().put("name", calls.get(i).name()).put("arguments", calls.get(i).arguments())));
                }
                message.set("tool_calls", array);
            }
            choice.set("message", message);
        } else {
            choice.put("text", text).putNull("logprobs");
        }
        choice.put("finish_reason", calls.isEmpty() ? call.finishReason() : "tool_calls");
        answer.set("choices", Json.array().add(choice));
        answer.set("usage", usage(call, pieces.size()));
        if (call.kind() == ServerKind.LLAMA_SERVER) {
            answer.set("timings", timings(call, pieces.size()));
        }
        for (int i = 0; i < pieces.size(); i++) {
            call.beforeToken(i);
        }
        call.beforeWhole(Json.write(answer));
        call.json(200, answer);
    }

    private void stream(Call call, List<Piece> pieces, boolean chat) throws IOException, InterruptedException {
        StreamShape shape = ServerProfiles.of(call.kind()).streaming();
        String object = chat ? "chat.completion.chunk" : "text_completion";
        ObjectNode template = head(call, object, chat ? "chatcmpl-" : "cmpl-");
        Call.Stream out = call.stream("text/event-stream");
        if (chat && shape.role() == StreamShape.Role.FIRST_CHUNK) {
            ObjectNode role = Json.object().put("role", "assistant");
            if (call.kind() != ServerKind.FASTCHAT) {
                role.put("content", "");
            }
            out.write(event(chunk(template, choice(call, role))));
        }
        for (int i = 0; i < pieces.size(); i++) {
            call.beforeToken(i);
            Piece piece = pieces.get(i);
            ObjectNode delta = Json.object();
            if (chat && shape.role() == StreamShape.Role.EVERY_CHUNK) {
                delta.put("role", "assistant");
            }
            delta.put(piece.reasoning() ? field(call) : chat ? "content" : "text", piece.text());
            out.write(event(chunk(template, chat ? choice(call, delta) : textChoice(piece.text()))));
        }
        List<Script.ToolCall> calls = chat ? call.toolCalls() : List.of();
        for (int i = 0; i < calls.size(); i++) {
            call.beforeToken(pieces.size() + i);
            ObjectNode named = Json.object().put("index", i).put("id", "call_fake" + i).put("type", "function");
            named.set("function", Json.object().put("name", calls.get(i).name()).put("arguments", ""));
            out.write(event(chunk(template, choice(call, (ObjectNode) Json.object().set("tool_calls",
                    Json.array().add(named))))));
            ObjectNode arguments = Json.object().put("index", i);
            arguments.set("function", Json.object().put("arguments", calls.get(i).arguments()));
            out.write(event(chunk(template, choice(call, (ObjectNode) Json.object().set("tool_calls",
                    Json.array().add(arguments))))));
        }
        ObjectNode last = chat ? choice(call, Json.object()) : textChoice("");
        last.put("finish_reason", calls.isEmpty() ? call.finishReason() : "tool_calls");
        ObjectNode finish = chunk(template, last);
        if (shape.usage() == StreamShape.Usage.FINISH_CHUNK) {
            finish.set("usage", usage(call, pieces.size()));
            finish.set("timings", timings(call, pieces.size()));
        }
        out.write(event(finish));
        if (shape.usage() == StreamShape.Usage.SEPARATE_CHUNK
                && call.body().path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usage = chunk(template, null);
            usage.set("usage", usage(call, pieces.size()));
            out.write(event(usage));
        }
        out.write("data: [DONE]\n\n");
        out.end();
    }

    private ObjectNode head(Call call, String object, String idPrefix) {
        ObjectNode head = Json.object().put("id", idPrefix + "fake" + ids.incrementAndGet()).put("object", object)
                .put("created", Instant.now().getEpochSecond()).put("model", model(call));
        if (call.kind() == ServerKind.LLAMA_SERVER) {
            head.put("system_fingerprint", LLAMA_FINGERPRINT);
        }
        return head;
    }

    /** llama-server answers with the model it has, whatever the request names; the others echo the request's. */
    private static String model(Call call) {
        String asked = call.body().path("model").asText("");
        return call.kind() == ServerKind.LLAMA_SERVER || asked.isEmpty() ? call.script().model() : asked;
    }

    private static ObjectNode chunk(ObjectNode template, ObjectNode choice) {
        ObjectNode chunk = template.deepCopy();
        chunk.set("choices", choice == null ? Json.array() : Json.array().add(choice));
        return chunk;
    }

    private static ObjectNode choice(Call call, ObjectNode delta) {
        ObjectNode choice = Json.object().put("index", 0);
        choice.set("delta", delta);
        if (call.kind() != ServerKind.LLAMA_SERVER) {
            choice.putNull("logprobs");
        }
        return choice.putNull("finish_reason");
    }

    private static ObjectNode textChoice(String text) {
        return Json.object().put("text", text).put("index", 0).putNull("logprobs").putNull("finish_reason");
    }

    private static ObjectNode usage(Call call, int completion) {
        int prompt = call.promptTokens();
        return Json.object().put("completion_tokens", completion).put("prompt_tokens", prompt)
                .put("total_tokens", prompt + completion);
    }

    /** llama-server's {@code timings} (chat-stream.body); the numbers are made up, the fields are not. */
    private static ObjectNode timings(Call call, int predicted) {
        int prompt = call.promptTokens();
        return Json.object().put("prompt_n", prompt).put("prompt_ms", 1.0 * prompt)
                .put("prompt_per_token_ms", 1.0).put("prompt_per_second", 1000.0)
                .put("predicted_n", predicted).put("predicted_ms", 2.0 * predicted)
                .put("predicted_per_token_ms", 2.0).put("predicted_per_second", 500.0);
    }

    private static String field(Call call) {
        return ServerProfiles.of(call.kind()).reasoning().field();
    }

    private static String join(List<Piece> pieces, boolean reasoning) {
        StringBuilder text = new StringBuilder();
        pieces.stream().filter(p -> p.reasoning() == reasoning).forEach(p -> text.append(p.text()));
        return text.toString();
    }

    private static String event(ObjectNode chunk) {
        return "data: " + Json.write(chunk) + "\n\n";
    }
}
