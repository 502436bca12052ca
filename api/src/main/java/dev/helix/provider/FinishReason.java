package dev.helix.provider;

/** Why a generation ended. */
public enum FinishReason {
    /** End-of-generation token or a stop string. */
    STOP,
    /** The max-tokens limit or the context was reached. */
    LENGTH,
    /** The model called one or more tools (the stream carried {@link Chunk.ToolCall}s). */
    TOOL_CALLS,
    /** The caller cancelled. */
    CANCELLED
}
