package dev.helix.server.openai;

import dev.helix.protocol.openai.responses.OutputItem;
import dev.helix.protocol.openai.responses.Response;
import dev.helix.protocol.openai.responses.ResponseEvent;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.provider.Chunk;
import dev.helix.server.ApiFailure;
import dev.helix.server.Reply;
import dev.helix.server.ReplyWriter;
import java.util.ArrayList;
import dev.helix.provider.TokenLogprob;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The events of one streamed response, in OpenAI's order: {@code response.created}, {@code response.in_progress};
 * per output item {@code response.output_item.added}, for text and reasoning {@code response.content_part.added},
 * the deltas ({@code response.output_text.delta}, {@code response.reasoning_text.delta},
 * {@code response.function_call_arguments.delta}), their {@code .done}, {@code response.content_part.done} and
 * {@code response.output_item.done}; then {@code response.completed} (or {@code response.incomplete}) with the whole
 * response and its usage. A failure after the start is an {@code error} event, then {@code response.failed}.
 */
final class ResponseEvents implements ReplyWriter {
    private final SseWriter sse;
    private final ResponseDraft draft;
    private final BiConsumer<String, Reply.Part> keep;
    /** The finished items so far, by output index; the final response repeats them as they were sent. */
    private final List<OutputItem> output = new ArrayList<>();
    private String openId;
    private int sequence;
    /** Where the tokens' log-probabilities come from when the request included them, else null. */
    private final LogprobTap logprobs;
    /** The open text part's log-probabilities so far. */
    private final List<TokenLogprob> openLogprobs = new ArrayList<>();

    /**
     * @param keep     given each finished item, by id (the store {@code item_reference} reads)
     * @param logprobs the generation's tap when the request included log-probabilities, else null
     */
    ResponseEvents(SseWriter sse, ResponseDraft draft, BiConsumer<String, Reply.Part> keep, LogprobTap logprobs) {
        this.logprobs = logprobs;
        this.sse = sse;
        this.draft = draft;
        this.keep = keep;
    }

    void start() {
        Response response = draft.inProgress();
        send(new ResponseEvent.Lifecycle("response.created", sequence++, response));
        send(new ResponseEvent.Lifecycle("response.in_progress", sequence++, response));
    }

    @Override
    public void open(int index, Reply.Kind kind) {
        if (kind == Reply.Kind.TEXT) {
            openId = ResponseDraft.newId("msg_");
            item("response.output_item.added", index, new OutputItem.Message(openId, "in_progress", List.of()));
            part("response.content_part.added", index, new OutputItem.Text(""));
        } else {
            openId = ResponseDraft.newId("rs_");
            item("response.output_item.added", index, new OutputItem.Reasoning(openId, List.of(), "in_progress"));
            part("response.content_part.added", index, new OutputItem.ReasoningText(""));
        }
    }

    @Override
    public void text(int index, String text) {
        List<TokenLogprob> delta = logprobs == null ? List.of() : logprobs.drain();
        openLogprobs.addAll(delta);
        send(new ResponseEvent.TextDelta("response.output_text.delta", sequence++, openId, index, 0, text,
                ResponseDraft.entries(delta)));
    }

    @Override
    public void reasoning(int index, String text) {
        send(new ResponseEvent.ReasoningDelta("response.reasoning_text.delta", sequence++, openId, index, 0, text));
    }

    @Override
    public void close(int index, Reply.Part whole) {
        OutputItem done;
        switch (whole) {
            case Reply.Part.Text t -> {
                var own = List.copyOf(openLogprobs);
                openLogprobs.clear();
                send(new ResponseEvent.TextDone("response.output_text.done", sequence++, openId, index, 0, t.text(),
                        ResponseDraft.entries(own)));
                part("response.content_part.done", index, ResponseDraft.text(t.text(), own));
                done = ResponseDraft.message(openId, t.text(), own);
            }
            case Reply.Part.Reasoning r -> {
                send(new ResponseEvent.ReasoningDone("response.reasoning_text.done", sequence++, openId, index, 0,
                        r.text()));
                part("response.content_part.done", index, new OutputItem.ReasoningText(r.text()));
                done = ResponseDraft.reasoning(openId, r.text());
            }
            case Reply.Part.Call c -> throw new IllegalStateException("a call is never open");
        }
        item("response.output_item.done", index, done);
        output.add(done);
        keep.accept(openId, whole);
    }

    /** A whole call: added with empty arguments, the arguments as one delta, then done. */
    @Override
    public void toolCall(int index, Chunk.ToolCall call) {
        String id = ResponseDraft.newId("fc_");
        item("response.output_item.added", index, ResponseDraft.call(id, call, "", "in_progress"));
        send(new ResponseEvent.ArgumentsDelta("response.function_call_arguments.delta", sequence++, id, index,
                call.arguments()));
        send(new ResponseEvent.ArgumentsDone("response.function_call_arguments.done", sequence++, id, index,
                call.name(), call.arguments()));
        OutputItem done = ResponseDraft.call(id, call, call.arguments(), "completed");
        item("response.output_item.done", index, done);
        output.add(done);
        keep.accept(id, new Reply.Part.Call(call));
    }

    @Override
    public void finish(Reply reply) {
        Response response = draft.finished(reply, output);
        String type = response.status().equals("incomplete") ? "response.incomplete" : "response.completed";
        send(new ResponseEvent.Lifecycle(type, sequence++, response));
    }

    @Override
    public void fail(ApiFailure failure, List<Reply.Part> partial) {
        String code = failure.status() == 429 ? "rate_limit_exceeded" : failure.status() < 500 ? "invalid_prompt"
                : "server_error";
        send(new ResponseEvent.Error("error", sequence++, code, failure.message(), failure.param()));
        send(new ResponseEvent.Lifecycle("response.failed", sequence++,
                draft.failed(output, new Response.Error(code, failure.message()))));
    }

    private void item(String type, int index, OutputItem item) {
        send(new ResponseEvent.Item(type, sequence++, index, item));
    }

    private void part(String type, int index, Object part) {
        send(new ResponseEvent.Part(type, sequence++, openId, index, 0, part));
    }

    private void send(ResponseEvent event) {
        sse.event(event.type(), event);
    }
}
