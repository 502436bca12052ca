package dev.helix.server;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Drives a LangChain4j streaming model the way an application does, for both client tests. */
final class LangChain4jStreams {
    private LangChain4jStreams() {}

    /**
     * Collects a streamed answer into {@code text}, cancelling through the client's own handle after
     * {@code cancelAfter} pieces (0 = never).
     *
     * @return the complete response, or null when cancelled
     */
    static ChatResponse stream(StreamingChatModel model, ChatRequest request, StringBuilder text, int cancelAfter)
            throws Exception {
        var done = new CompletableFuture<ChatResponse>();
        var pieces = new AtomicInteger();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                text.append(partial.text());
                if (pieces.incrementAndGet() == cancelAfter) {
                    context.streamingHandle().cancel();
                    done.complete(null);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }
}
