package dev.helix.runtime.llamacpp;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.FinishReason;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;

/**
 * The messages between a server and its runner process. The server sends {@link Load} first and gets
 * {@link Ready} or {@link LoadFailed}; after that requests carry an id, and every request ends with exactly one
 * {@link Done}, {@link EmbedResult}, {@link Tokens}, {@link Text} or {@link Failed} for its id, unless the server
 * cancelled it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Frame.Load.class, name = "load"),
        @JsonSubTypes.Type(value = Frame.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = Frame.LoadFailed.class, name = "load_failed"),
        @JsonSubTypes.Type(value = Frame.Chat.class, name = "chat"),
        @JsonSubTypes.Type(value = Frame.Complete.class, name = "complete"),
        @JsonSubTypes.Type(value = Frame.Embed.class, name = "embed"),
        @JsonSubTypes.Type(value = Frame.Cancel.class, name = "cancel"),
        @JsonSubTypes.Type(value = Frame.Credit.class, name = "credit"),
        @JsonSubTypes.Type(value = Frame.Token.class, name = "token"),
        @JsonSubTypes.Type(value = Frame.Reasoning.class, name = "reasoning"),
        @JsonSubTypes.Type(value = Frame.Done.class, name = "done"),
        @JsonSubTypes.Type(value = Frame.EmbedResult.class, name = "embed_result"),
        @JsonSubTypes.Type(value = Frame.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = Frame.ToolCall.class, name = "tool_call"),
        @JsonSubTypes.Type(value = Frame.Tokenize.class, name = "tokenize"),
        @JsonSubTypes.Type(value = Frame.Detokenize.class, name = "detokenize"),
        @JsonSubTypes.Type(value = Frame.Template.class, name = "template"),
        @JsonSubTypes.Type(value = Frame.Tokens.class, name = "tokens"),
        @JsonSubTypes.Type(value = Frame.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Frame.Heartbeat.class, name = "heartbeat"),
})
sealed interface Frame {

    // server → runner

    /** @param heartbeatMillis how often the runner sends {@link Heartbeat}, from the moment it reads this frame */
    record Load(String name, String path, ModelLoadOptions options, long queueTimeoutMillis, long heartbeatMillis)
            implements Frame {}

    record Chat(long id, ChatRequest request) implements Frame {}

    record Complete(long id, CompletionRequest request) implements Frame {}

    record Embed(long id, EmbeddingRequest request) implements Frame {}

    record Cancel(long id) implements Frame {}

    /** The server's consumer took {@code chunks} more chunks of stream {@code id}: the runner may send as many more. */
    record Credit(long id, int chunks) implements Frame {}

    record Tokenize(long id, String model, String text, boolean addSpecial) implements Frame {}

    record Detokenize(long id, String model, int[] tokens) implements Frame {}

    /** Renders a chat request through the model's template, without generating. */
    record Template(long id, ChatRequest request) implements Frame {}

    // runner → server

    record Ready(int slotContext, int parallel, int threads, long pid) implements Frame {}

    record LoadFailed(String message) implements Frame {}

    /**
     * The runner process is alive and scheduled, sent every {@link Load#heartbeatMillis()} by a thread of its own
     * whatever its requests do: a prompt evaluated for minutes, or a generation paused for credit, still beats; a
     * stopped (SIGSTOP) or frozen process does not.
     */
    record Heartbeat() implements Frame {}

    /** @param logprobs the tokens' log-probabilities when the request asked for them (engine ffm), else empty */
    record Token(long id, String text,
                 @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                 java.util.List<dev.helix.provider.TokenLogprob> logprobs) implements Frame {
        public Token {
            logprobs = logprobs == null ? java.util.List.of() : logprobs;
        }
    }

    record Reasoning(long id, String text) implements Frame {}

    record ToolCall(long id, int index, String callId, String name, String arguments) implements Frame {}

    record Done(long id, FinishReason reason, Usage usage, Timings timings) implements Frame {}

    record Tokens(long id, int[] tokens) implements Frame {}

    record Text(long id, String text) implements Frame {}

    record EmbedResult(long id, Embeddings embeddings) implements Frame {}

    /**
     * A request failed.
     *
     * @param kind             which {@link dev.helix.provider.ProviderException} to raise on the server side
     * @param code             for invalid requests, {@link dev.helix.provider.InvalidRequestException#code()}
     * @param retryAfterMillis for busy failures, when to retry
     */
    record Failed(long id, ErrorKind kind, String message, String param, String code, long retryAfterMillis)
            implements Frame {}

    enum ErrorKind { INVALID_REQUEST, NOT_FOUND, BUSY, FAILED }
}
