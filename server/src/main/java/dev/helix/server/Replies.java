package dev.helix.server;

import dev.helix.provider.Chunk;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one mapping from a generation's chunks to what the chat APIs answer (Chat Completions, Responses, Messages):
 * collected into a {@link Reply}, or streamed to a {@link ReplyWriter} as parts that open, fill and close. Runs of
 * reasoning and of text become parts; each tool call is a part of its own; the final chunk gives the finish reason
 * and the usage.
 */
public final class Replies {
    private Replies() {}

    /** The whole answer; a failure propagates (nothing has been sent, so the HTTP status can still say it). */
    public static Reply collect(Iterator<Chunk> generation) {
        var parts = new Parts(null);
        while (generation.hasNext()) {
            if (parts.take(generation.next()) instanceof Reply done) {
                return done;
            }
        }
        throw new ProviderFailedException("the generation ended without a final chunk");
    }

    /**
     * Streams the answer to {@code writer}. A failure of the generation becomes {@link ReplyWriter#fail}, since the
     * status is sent; a client that went away ({@link ClientGoneException}) propagates, and closing the generation
     * then cancels it.
     */
    public static void stream(Iterator<Chunk> generation, ReplyWriter writer) {
        var parts = new Parts(writer);
        try {
            while (generation.hasNext()) {
                if (parts.take(generation.next()) instanceof Reply done) {
                    writer.finish(done);
                    return;
                }
            }
            throw new ProviderFailedException("the generation ended without a final chunk");
        } catch (ProviderException e) {
            parts.closeOpen();
            writer.fail(ApiFailure.of(e), parts.parts);
        }
    }

    /** The parts so far and the one open, telling a writer (when there is one) as they change. */
    private static final class Parts {
        private final ReplyWriter writer;
        private final List<Reply.Part> parts = new ArrayList<>();
        private Reply.Kind openKind;
        private final StringBuilder open = new StringBuilder();

        Parts(ReplyWriter writer) {
            this.writer = writer;
        }

        /** Takes one chunk; returns the whole reply at the final chunk, else null. */
        Reply take(Chunk chunk) {
            switch (chunk) {
                case Chunk.Reasoning r -> append(Reply.Kind.REASONING, r.text());
                case Chunk.Token t -> append(Reply.Kind.TEXT, t.text());
                case Chunk.ToolCall call -> {
                    closeOpen();
                    parts.add(new Reply.Part.Call(call));
                    if (writer != null) {
                        writer.toolCall(parts.size() - 1, call);
                    }
                }
                case Chunk.Done done -> {
                    closeOpen();
                    return new Reply(parts, done.reason(), done.usage());
                }
            }
            return null;
        }

        private void append(Reply.Kind kind, String text) {
            if (text.isEmpty()) {
                return;
            }
            if (openKind != kind) {
                closeOpen();
                openKind = kind;
                if (writer != null) {
                    writer.open(parts.size(), kind);
                }
            }
            open.append(text);
            if (writer != null) {
                if (kind == Reply.Kind.REASONING) {
                    writer.reasoning(parts.size(), text);
                } else {
                    writer.text(parts.size(), text);
                }
            }
        }

        void closeOpen() {
            if (openKind == null) {
                return;
            }
            Reply.Part whole = openKind == Reply.Kind.REASONING ? new Reply.Part.Reasoning(open.toString())
                    : new Reply.Part.Text(open.toString());
            parts.add(whole);
            openKind = null;
            open.setLength(0);
            if (writer != null) {
                writer.close(parts.size() - 1, whole);
            }
        }
    }
}
