package dev.helix.protocol.openai;

/** The values of {@code finish_reason}, why a choice ended. Other servers may send others: compare, never assume. */
public final class FinishReasons {
    /** The model ended its answer, or met a stop sequence. */
    public static final String STOP = "stop";
    /** {@code max_tokens} or the context window cut the answer short. */
    public static final String LENGTH = "length";
    /** The model called tools and waits for their results. */
    public static final String TOOL_CALLS = "tool_calls";
    /** The server's content filter withheld the rest. */
    public static final String CONTENT_FILTER = "content_filter";
    /** The legacy form of {@link #TOOL_CALLS}, from the deprecated {@code functions} parameter. */
    public static final String FUNCTION_CALL = "function_call";

    private FinishReasons() {}
}
