package dev.helix.server;

import dev.helix.provider.Chunk;

/**
 * What one API sends while an answer streams, told by {@link Replies#stream} in the model's order. Parts are numbered
 * from 0 across kinds: a reasoning part opens, gets its deltas and closes before a text part opens, and so on; a
 * tool call comes whole. Either {@link #finish} or {@link #fail} comes last, once.
 */
public interface ReplyWriter {

    /** A part of reasoning or text opens (before its first delta). */
    default void open(int index, Reply.Kind kind) {}

    /** A piece of reasoning text, in the open reasoning part. */
    void reasoning(int index, String text);

    /** A piece of answer text, in the open text part. */
    void text(int index, String text);

    /** The open part closes; {@code whole} carries all its text. */
    default void close(int index, Reply.Part whole) {}

    /** A whole tool call, a part of its own. */
    void toolCall(int index, Chunk.ToolCall call);

    /** The answer ended: every part, why, and the usage. */
    void finish(Reply reply);

    /** The generation failed after the stream started; {@code partial} holds what was sent until then. */
    void fail(ApiFailure failure, java.util.List<Reply.Part> partial);
}
