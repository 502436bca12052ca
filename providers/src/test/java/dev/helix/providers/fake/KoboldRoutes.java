package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * KoboldAI's native generation API as KoboldCpp serves it (koboldcpp.py): {@code POST /api/v1/generate} answers
 * {@code {"results":[{"text","finish_reason"}]}}; {@code POST /api/extra/generate/stream} streams SSE events
 * {@code event: message} + {@code data: {"token":"...","finish_reason":null}}, the last one with a finish reason.
 */
final class KoboldRoutes {

    void generate(Call call) throws IOException, InterruptedException {
        List<String> tokens = call.tokens();
        ObjectNode result = Json.object().put("text", String.join("", tokens)).put("finish_reason", call.finishReason());
        ObjectNode answer = (ObjectNode) Json.object().set("results", Json.array().add(result));
        for (int i = 0; i < tokens.size(); i++) {
            call.beforeToken(i);
        }
        call.beforeWhole(Json.write(answer));
        call.json(200, answer);
    }

    void stream(Call call) throws IOException, InterruptedException {
        List<String> tokens = call.tokens();
        Call.Stream out = call.stream("text/event-stream");
        for (int i = 0; i < tokens.size(); i++) {
            call.beforeToken(i);
            out.write(event(Json.object().put("token", tokens.get(i)).putNull("finish_reason")));
        }
        out.write(event(Json.object().put("token", "").put("finish_reason", call.finishReason())));
        out.end();
    }

    private static String event(ObjectNode data) {
        return "event: message\ndata: " + Json.write(data) + "\n\n";
    }
}
