package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.kobold.KoboldGenerateResponse;
import dev.helix.protocol.kobold.KoboldToken;
import dev.helix.protocol.stream.SseEvent;
import dev.helix.protocol.stream.SseReader;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An answer of KoboldAI's native API as Helix chunks: KoboldCpp's SSE stream ({@code event: message},
 * {@code data: {"token","finish_reason"}}, the last event with the finish reason) read as it arrives, or the text of
 * a whole {@code /api/v1/generate} answer. A chat's answer loses the whitespace it starts with (the model goes on
 * from {@code Assistant:}); a whole answer is cut at the first stop string, for a server that does not trim it.
 *
 * <p>Usage: the stream reports no token counts, so each token event counts as one completion token and the prompt as
 * none; a whole answer gives KoboldCpp's counts where it sends them, and none (0, 0) where it does not (KoboldAI
 * United). Timings are Helix's own clock.
 */
final class KoboldChunks extends UpstreamChunks {
    private final ObjectMapper json;
    private final SseReader events;
    private boolean trimStart;

    private KoboldChunks(UpstreamEndpoint endpoint, ObjectMapper json, InputStream body, boolean chat) {
        super(endpoint, body);
        this.json = json;
        this.events = body == null ? null : new SseReader(body);
        this.trimStart = chat;
    }

    /** A streamed answer, read from its SSE body. */
    static KoboldChunks streamed(UpstreamEndpoint endpoint, ObjectMapper json, InputStream body, boolean chat) {
        return new KoboldChunks(endpoint, json, body, chat);
    }

    /** A whole answer, handed out as chunks. */
    static ChunkStream whole(UpstreamEndpoint endpoint, ObjectMapper json, KoboldGenerateResponse answer,
                             List<String> stops, boolean chat) {
        if (answer.results() == null || answer.results().isEmpty() || answer.results().getFirst() == null) {
            throw new ProviderFailedException(endpoint.describe() + " answered without a result");
        }
        var result = answer.results().getFirst();
        var chunks = new KoboldChunks(endpoint, json, null, chat);
        String text = result.text() == null ? "" : result.text();
        boolean stopped = false;
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                text = text.substring(0, at);
                stopped = true;
            }
        }
        chunks.piece(text);
        FinishReason reason = !stopped && "length".equals(result.finishReason()) ? FinishReason.LENGTH
                : FinishReason.STOP;
        chunks.end(reason, result.completionTokens() == null ? new Usage(0, 0)
                : new Usage(count(result.promptTokens()), count(result.completionTokens())), null);
        return chunks;
    }

    @Override
    void read() {
        SseEvent event;
        try {
            event = events.next();
        } catch (IOException e) {
            throw transport(e);
        }
        if (event == null) {
            throw failed("ended its stream before the answer was finished");
        }
        if (!event.type().equals("message")) {
            return;
        }
        KoboldToken token;
        try {
            JsonNode node = json.readTree(event.data());
            if (node.has("error") || node.has("detail")) {
                throw failed("failed mid-stream: " + UpstreamErrors.message(event.data()));
            }
            token = json.treeToValue(node, KoboldToken.class);
        } catch (IOException e) {
            throw failed("sent an event Helix cannot read: " + UpstreamErrors.message(event.data()));
        }
        piece(token.token());
        if (token.finishReason() != null) {
            end("length".equals(token.finishReason()) ? FinishReason.LENGTH : FinishReason.STOP, null, null);
        }
    }

    private void piece(String token) {
        if (token == null) {
            return;
        }
        if (trimStart) {
            token = token.stripLeading();
            trimStart = token.isEmpty();
        }
        text(token);
    }

    private static int count(Integer value) {
        return value == null ? 0 : Math.max(0, value);
    }
}
