package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Ollama's native generation API (shared/reference/api.md): {@code /api/chat} and {@code /api/generate} stream NDJSON
 * by default (one object a line, no SSE, no [DONE]) and end with {@code done:true}, a {@code done_reason} and the
 * counts and durations in nanoseconds; {@code stream:false} gives one object. Thinking goes in
 * {@code message.thinking} (chat) or {@code thinking} (generate).
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

    private static void answer(Call call, boolean chat) throws IOException, InterruptedException {
        String model = call.body().path("model").asText(call.script().model());
        List<String> thinking = call.script().thinking();
        List<String> tokens = call.tokens();
        if (!call.streaming(true)) {
            ObjectNode whole = line(model, chat, String.join("", tokens), String.join("", thinking));
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
        ObjectNode last = line(model, chat, "", "");
        done(call, last, tokens.size(), chat);
        out.write(Json.write(last) + "\n");
        out.end();
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
