package dev.helix.providers.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.ollama.OllamaResponse;
import dev.helix.protocol.stream.NdjsonReader;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.io.IOException;
import java.io.InputStream;

/**
 * An answer of Ollama's native API as Helix chunks: NDJSON lines read as they arrive, or the one object of a
 * {@code stream:false} answer. {@code message.content} (chat) or {@code response} (generate) are tokens;
 * {@code message.thinking} or {@code thinking} reasoning; tool calls, which Ollama sends whole with their arguments as
 * objects and without ids, become calls with compact JSON text arguments and {@code call_...} ids. The last object
 * ({@code done:true}) gives the finish reason, the token counts ({@code prompt_eval_count}, {@code eval_count}) and
 * the durations in nanoseconds. A stream that ends without it, or sends an {@code {"error":...}} line, fails.
 */
final class OllamaChunks extends UpstreamChunks {
    private final ObjectMapper json;
    private final NdjsonReader lines;
    private final boolean chat;
    private int callIndex;

    private OllamaChunks(UpstreamEndpoint endpoint, ObjectMapper json, InputStream body, boolean chat) {
        super(endpoint, body);
        this.json = json;
        this.lines = body == null ? null : new NdjsonReader(body);
        this.chat = chat;
    }

    /** A streamed answer, read from its NDJSON body. */
    static OllamaChunks streamed(UpstreamEndpoint endpoint, ObjectMapper json, InputStream body, boolean chat) {
        return new OllamaChunks(endpoint, json, body, chat);
    }

    /** A whole answer, handed out as chunks. */
    static ChunkStream whole(UpstreamEndpoint endpoint, ObjectMapper json, JsonNode answer, boolean chat) {
        var chunks = new OllamaChunks(endpoint, json, null, chat);
        if (!chunks.piece(answer)) {
            throw chunks.failed("answered without done:true");
        }
        return chunks;
    }

    @Override
    void read() {
        String line;
        try {
            line = lines.next();
        } catch (IOException e) {
            throw transport(e);
        }
        if (line == null) {
            throw failed("ended its stream without done:true");
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (IOException e) {
            throw failed("sent a line that is not JSON: " + UpstreamErrors.message(line));
        }
        piece(node);
    }

    /** Queues what one object holds; true when it was the last. */
    private boolean piece(JsonNode node) {
        if (node.has("error")) {
            throw failed("failed mid-stream: " + UpstreamErrors.message(node.toString()));
        }
        OllamaResponse answer;
        try {
            answer = json.treeToValue(node, OllamaResponse.class);
        } catch (JsonProcessingException e) {
            throw failed("sent a line Helix cannot read: " + e.getOriginalMessage());
        }
        if (chat && answer.message() != null) {
            reasoning(answer.message().thinking());
            text(answer.message().content());
            for (JsonNode call : node.path("message").path("tool_calls")) {
                JsonNode function = call.path("function");
                JsonNode arguments = function.path("arguments");
                String text = arguments.isTextual() ? arguments.asText() : arguments.isObject() ? arguments.toString()
                        : null;
                calls.add(callIndex++, call.path("id").asText(null), function.path("name").asText(null), text);
            }
        } else if (!chat) {
            reasoning(answer.thinking());
            text(answer.response());
        }
        if (!answer.done()) {
            return false;
        }
        end("length".equals(answer.doneReason()) ? FinishReason.LENGTH : FinishReason.STOP, usage(answer),
                timings(answer));
        return true;
    }

    private static Usage usage(OllamaResponse last) {
        if (last.promptEvalCount() == null && last.evalCount() == null) {
            return null;
        }
        return new Usage(count(last.promptEvalCount()), count(last.evalCount()));
    }

    private static Timings timings(OllamaResponse last) {
        if (last.loadDuration() == null && last.promptEvalDuration() == null && last.evalDuration() == null) {
            return null;
        }
        return new Timings(nanos(last.loadDuration()), nanos(last.promptEvalDuration()), nanos(last.evalDuration()));
    }

    private static int count(Integer value) {
        return value == null ? 0 : Math.max(0, value);
    }

    private static long nanos(Long value) {
        return value == null ? 0 : Math.max(0, value);
    }
}
