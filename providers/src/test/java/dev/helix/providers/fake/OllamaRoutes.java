package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.Dialect;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Ollama's native generation API (shared/reference/api.md): {@code /api/chat} and {@code /api/generate} stream NDJSON
 * by default (one object a line, no SSE, no [DONE]) and end with {@code done:true}, a {@code done_reason} and the
 * counts and durations in nanoseconds; {@code stream:false} gives one object. Thinking goes in
 * {@code message.thinking} (chat) or {@code thinking} (generate). Tool calls come whole, in one line of their own
 * after the text, with their arguments as objects and {@code done_reason} still "stop", as Ollama sends them.
 * {@code /api/embed} answers a vector per input. A script without thinking is a model that cannot think: it refuses
 * {@code think:true} with a 400, as Ollama does.
 */
final class OllamaRoutes {
    private static final String NDJSON = "application/x-ndjson";
    /** Durations reported per token and for the prompt, in nanoseconds. */
    private static final long NANOS_PER_TOKEN = 20_000_000L;

    void chat(Call call) throws IOException, InterruptedException {
        answer(call, true);
    }

    void generate(Call call) throws IOException, InterruptedException {
        answer(call, false);
    }

    /** {@code POST /api/embed}: a vector per input ({@code input} a string or a list), its length the text's. */
    void embed(Call call) throws IOException {
        JsonNode input = call.body().path("input");
        List<String> inputs = input.isArray() ? input.valueStream().map(JsonNode::asText).toList()
                : List.of(input.asText(""));
        ArrayNode embeddings = Json.array();
        int words = 0;
        for (String text : inputs) {
            embeddings.add(Json.array().add(text.length()).add(1.0).add(-0.5));
            words += text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }
        ObjectNode answer = Json.object().put("model", call.body().path("model").asText(call.script().model()));
        answer.set("embeddings", embeddings);
        call.json(200, answer.put("total_duration", 3_000_000L).put("load_duration", 1_000_000L)
                .put("prompt_eval_count", words));
    }

    private static void answer(Call call, boolean chat) throws IOException, InterruptedException {
        String model = call.body().path("model").asText(call.script().model());
        List<String> thinking = call.script().thinking();
        if (call.body().path("think").asBoolean(false) && thinking.isEmpty()) {
            // server/routes.go: a model without the thinking capability refuses think
            call.error(Dialect.OLLAMA, 400, "\"" + model + "\" does not support thinking");
            return;
        }
        List<String> tokens = call.tokens();
        List<Script.ToolCall> calls = chat ? call.toolCalls() : List.of();
        if (!call.streaming(true)) {
            ObjectNode whole = line(model, chat, String.join("", tokens), String.join("", thinking));
            if (!calls.isEmpty()) {
                ((ObjectNode) whole.get("message")).set("tool_calls", toolCalls(calls));
            }
            done(call, whole, tokens.size(), chat);
            for (int i = 0; i < thinking.size() + tokens.size(); i++) {
                call.beforeToken(i);
            }
            call.beforeWhole(Json.write(whole));
            call.text(200, "application/json; charset=utf-8", Json.write(whole));
            return;
        }
        Call.Stream out = call.stream(NDJSON);
        int index = 0;
        for (String thought : thinking) {
            call.beforeToken(index++);
            out.write(Json.write(line(model, chat, "", thought)) + "\n");
        }
        for (String token : tokens) {
            call.beforeToken(index++);
            out.write(Json.write(line(model, chat, token, "")) + "\n");
        }
        if (!calls.isEmpty()) {
            call.beforeToken(index);
            ObjectNode withCalls = line(model, true, "", "");
            ((ObjectNode) withCalls.get("message")).set("tool_calls", toolCalls(calls));
            out.write(Json.write(withCalls) + "\n");
        }
        ObjectNode last = line(model, chat, "", "");
        done(call, last, tokens.size(), chat);
        out.write(Json.write(last) + "\n");
        out.end();
    }

    /** {@code [{"function":{"index":0,"name":"f","arguments":{...}}}]}: arguments as objects, no ids. */
    private static ArrayNode toolCalls(List<Script.ToolCall> calls) {
        ArrayNode array = Json.array();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode function = Json.object().put("index", i).put("name", calls.get(i).name());
            function.set("arguments", Json.parse(calls.get(i).arguments()));
            array.add(Json.object().set("function", function));
        }
        return array;
    }

    private static ObjectNode line(String model, boolean chat, String text, String thinking) {
        ObjectNode line = Json.object().put("model", model).put("created_at", Instant.now().toString());
        if (chat) {
            ObjectNode message = Json.object().put("role", "assistant").put("content", text);
            if (!thinking.isEmpty()) {
                message.put("thinking", thinking);
            }
            line.set("message", message);
        } else {
            line.put("response", text);
            if (!thinking.isEmpty()) {
                line.put("thinking", thinking);
            }
        }
        return line.put("done", false);
    }

    /** The last object: done, why, and the counts LangChain and others read, durations in nanoseconds. */
    private static void done(Call call, ObjectNode line, int evalCount, boolean chat) {
        int prompt = call.promptTokens();
        long promptNanos = prompt * NANOS_PER_TOKEN;
        long evalNanos = evalCount * NANOS_PER_TOKEN;
        line.put("done", true).put("done_reason", call.finishReason())
                .put("total_duration", promptNanos + evalNanos + 1_000_000L).put("load_duration", 1_000_000L)
                .put("prompt_eval_count", prompt).put("prompt_eval_duration", promptNanos)
                .put("eval_count", evalCount).put("eval_duration", evalNanos);
        if (!chat) {
            line.set("context", Json.array().add(1).add(2).add(3));
        }
    }
}
