package dev.helix.runtime.tools;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Tool;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Turns a generation's text into text and {@link Chunk.ToolCall}s as it streams. Text that may begin a call is held
 * back until it is decided: a call's opening marker ({@code <tool_call>}, {@code <function=}, {@code [TOOL_CALLS]},
 * {@code <|python_tag|>}) anywhere in the text, or a JSON object or array at the very start of the output (or right
 * after a call), which is how Llama 3.x and Mistral calls look once llama.cpp drops their control tokens. A decided
 * call becomes one chunk with its index and id; anything that turns out not to be a call of an offered tool is
 * passed on as text, unchanged. When calls were made the finish reason becomes {@link FinishReason#TOOL_CALLS}.
 *
 * <p>Under a forced tool choice the grammar makes the whole output a call (or a list of calls), so it is held and
 * parsed at the end.
 */
public final class ToolCallStream implements ChunkStream {
    private static final List<String> MARKERS = List.of("<tool_call>", "<function=", "[TOOL_CALLS]", "<|python_tag|>");
    private static final Set<String> CALL_KEYS = Set.of("name", "arguments", "parameters", "tool_calls", "tool_call",
            "function", "type", "id", "response");
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private enum Mode { SCAN, TAG, JSON, FORCED }

    private final ChunkStream source;
    private final ToolCallParser parser;
    private final Deque<Chunk> ready = new ArrayDeque<>();
    private final StringBuilder pending = new StringBuilder();
    private Mode mode;
    /** The marker that opened TAG or JSON mode; "" for bare JSON. */
    private String marker = "";
    /** Whether bare JSON may start here: at the start of the output, or right after a call. */
    private boolean jsonAllowed = true;
    private boolean textEmitted;
    /** Right after a call: whitespace before the next call or the end is dropped. */
    private boolean afterCall;
    private int calls;
    private boolean done;

    private ToolCallStream(ChunkStream source, Set<String> names, boolean forced) {
        this.source = source;
        this.parser = new ToolCallParser(names);
        this.mode = forced ? Mode.FORCED : Mode.SCAN;
    }

    /** The stream with tool calls decoded, or the stream itself when the request allows no calls. */
    public static ChunkStream of(ChunkStream source, ChatRequest request) {
        if (!request.toolsActive()) {
            return source;
        }
        Set<String> names = request.tools().stream().map(Tool::name).collect(Collectors.toSet());
        return new ToolCallStream(source, names, request.toolChoice().forced());
    }

    /** A fresh call id in OpenAI's style. */
    public static String newId() {
        var random = ThreadLocalRandom.current();
        var id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    @Override
    public boolean hasNext() {
        return !ready.isEmpty() || !done;
    }

    @Override
    public Chunk next() {
        while (ready.isEmpty()) {
            if (done) {
                throw new NoSuchElementException();
            }
            switch (source.next()) {
                case Chunk.Token token -> feed(token.text());
                case Chunk.ToolCall call -> ready.add(call);
                case Chunk.Reasoning thought -> ready.add(thought);
                case Chunk.Done end -> finish(end);
            }
        }
        return ready.poll();
    }

    private void feed(String text) {
        pending.append(text);
        process(false);
    }

    /** Decides as much of the pending text as can be decided; at the end, all of it. */
    private void process(boolean atEnd) {
        boolean progress = true;
        while (progress) {
            progress = switch (mode) {
                case FORCED -> false;
                case SCAN -> scan();
                case TAG -> tag(atEnd);
                case JSON -> json(atEnd);
            };
        }
    }

    /** Emits the text that cannot start a call; true when a call may have started (the mode changed). */
    private boolean scan() {
        if (jsonAllowed) {
            int i = JsonSpan.skipSpace(pending, 0);
            if (i == pending.length()) {
                return false; // only whitespace so far: undecided
            }
            String rest = pending.substring(i);
            boolean marker = MARKERS.stream().anyMatch(m -> m.startsWith(rest) || rest.startsWith(m));
            if (!marker) {
                char c = rest.charAt(0);
                if (c == '{' || c == '[') {
                    enter(Mode.JSON, "");
                    return true;
                }
                jsonAllowed = false;
            }
        }
        int at = -1;
        String found = null;
        for (String m : MARKERS) {
            int i = pending.indexOf(m);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
                found = m;
            }
        }
        if (found != null) {
            emitText(pending.substring(0, at));
            pending.delete(0, at + found.length());
            enter(found.equals("<tool_call>") || found.equals("<function=") ? Mode.TAG : Mode.JSON, found);
            return true;
        }
        int keep = heldSuffix();
        emitText(pending.substring(0, pending.length() - keep));
        pending.delete(0, pending.length() - keep);
        return false;
    }

    /** The longest end of the pending text that could still grow into a marker. */
    private int heldSuffix() {
        int best = 0;
        for (String m : MARKERS) {
            for (int n = Math.min(m.length() - 1, pending.length()); n > best; n--) {
                if (pending.substring(pending.length() - n).equals(m.substring(0, n))) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }

    private void enter(Mode next, String opener) {
        mode = next;
        marker = opener;
        jsonAllowed = false;
    }

    /** Inside {@code <tool_call>...</tool_call>} or {@code <function=name>{...}</function>}; true once decided. */
    private boolean tag(boolean atEnd) {
        String close = marker.equals("<tool_call>") ? "</tool_call>" : "</function>";
        int end = pending.indexOf(close);
        if (end < 0 && !atEnd) {
            return false;
        }
        String inner = end < 0 ? pending.toString() : pending.substring(0, end);
        String raw = marker + inner + (end < 0 ? "" : close);
        pending.delete(0, end < 0 ? pending.length() : end + close.length());
        decided(marker.equals("<tool_call>") ? parser.parse(inner.strip()) : functionTag(inner), raw);
        return true;
    }

    /** {@code name>{"arg": ...}}: Llama 3.1's custom-function syntax, once the opening marker is cut off. */
    private Optional<List<ToolCallParser.Parsed>> functionTag(String inner) {
        int gt = inner.indexOf('>');
        if (gt <= 0) {
            return Optional.empty();
        }
        var call = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("name", inner.substring(0, gt).strip()).put("arguments", inner.substring(gt + 1).strip());
        return parser.parse(call.toString());
    }

    /** A JSON value, bare at the start or after {@code [TOOL_CALLS]} / {@code <|python_tag|>}; true once decided. */
    private boolean json(boolean atEnd) {
        if (marker.isEmpty()) {
            String key = JsonSpan.firstKey(pending);
            if (key == null || (!key.isEmpty() && !CALL_KEYS.contains(key))) {
                return notACall(pending.toString());
            }
        }
        int end = JsonSpan.end(pending);
        if (end == JsonSpan.NOT_JSON) {
            return notACall(marker + pending);
        }
        if (end == JsonSpan.OPEN && !atEnd) {
            return false;
        }
        String value = end == JsonSpan.OPEN ? pending.toString() : pending.substring(0, end);
        pending.delete(0, value.length());
        Optional<List<ToolCallParser.Parsed>> parsed = parser.parse(value);
        if (parsed.isEmpty() && marker.isEmpty() && calls == 0 && !textEmitted) {
            Optional<String> response = ToolCallParser.response(value);
            if (response.isPresent()) {
                decided(Optional.empty(), response.get());
                return true;
            }
        }
        decided(parsed, marker + value);
        return true;
    }

    private boolean notACall(String raw) {
        pending.setLength(0);
        mode = Mode.SCAN;
        jsonAllowed = false;
        emitText(raw);
        return true;
    }

    /** Emits the calls, or the raw text when it was not a call; the text after it is scanned next. */
    private void decided(Optional<List<ToolCallParser.Parsed>> parsed, String raw) {
        mode = Mode.SCAN;
        if (parsed.isPresent()) {
            parsed.get().forEach(p -> ready.add(new Chunk.ToolCall(calls++, newId(), p.name(), p.arguments())));
            jsonAllowed = true;
            afterCall = true;
        } else {
            emitText(raw);
            jsonAllowed = false;
        }
    }

    private void finish(Chunk.Done end) {
        if (mode == Mode.FORCED) {
            String text = pending.toString();
            Optional<List<ToolCallParser.Parsed>> parsed = parser.parse(text.strip());
            if (parsed.isPresent()) {
                parsed.get().forEach(p -> ready.add(new Chunk.ToolCall(calls++, newId(), p.name(), p.arguments())));
            } else {
                emitText(text); // cut short by max tokens: the partial output is all there is
            }
        } else {
            process(true);
            emitText(pending.toString()); // a marker's start or whitespace still held is text after all
        }
        pending.setLength(0);
        FinishReason reason = end.reason();
        if (calls > 0 && reason != FinishReason.CANCELLED) {
            reason = FinishReason.TOOL_CALLS;
        }
        ready.add(new Chunk.Done(reason, end.usage(), end.timings()));
        done = true;
    }

    private void emitText(String text) {
        if (afterCall) {
            text = text.stripLeading();
            afterCall = text.isEmpty();
        }
        if (!text.isEmpty()) {
            ready.add(new Chunk.Token(text));
            if (!text.isBlank()) {
                textEmitted = true;
            }
        }
    }

    @Override
    public void close() {
        done = true;
        source.close();
    }
}
