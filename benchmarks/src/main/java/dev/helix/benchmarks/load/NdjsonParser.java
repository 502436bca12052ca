package dev.helix.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.ollama.OllamaResponse;
import dev.helix.protocol.stream.NdjsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama chat and generate streams: one {@link OllamaResponse} per line, the text in {@code message.content} (chat)
 * or {@code response} (generate), the last object with {@code done:true} and the counts {@code prompt_eval_count}
 * and {@code eval_count}, an error as {@code {"error":"..."}}.
 */
final class NdjsonParser implements StreamParser {
    private final NdjsonReader lines;

    NdjsonParser(InputStream body) {
        this.lines = new NdjsonReader(body);
    }

    @Override
    public List<StreamEvent> next() throws IOException {
        String line = lines.next();
        return line == null ? null : parse(line);
    }

    static List<StreamEvent> parse(String line) {
        OllamaResponse object;
        try {
            JsonNode payload = Payloads.JSON.readTree(line);
            String error = Payloads.errorMessage(payload);
            if (error != null) {
                return List.of(new StreamEvent.Failure(error));
            }
            object = Payloads.JSON.treeToValue(payload, OllamaResponse.class);
        } catch (IOException e) {
            return List.of(new StreamEvent.Failure("unreadable line: " + Payloads.abbreviate(line)));
        }
        List<StreamEvent> events = new ArrayList<>(3);
        String text = object.message() != null && object.message().content() != null ? object.message().content()
                : object.response();
        if (text != null) {
            events.add(new StreamEvent.Text(text));
        }
        if (object.done()) {
            events.add(new StreamEvent.Usage(orUnknown(object.promptEvalCount()), orUnknown(object.evalCount())));
            events.add(StreamEvent.DONE);
        }
        return events.isEmpty() ? List.of(StreamEvent.IGNORED) : events;
    }

    private static int orUnknown(Integer count) {
        return count == null ? -1 : count;
    }
}
